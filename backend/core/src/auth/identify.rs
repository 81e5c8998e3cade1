//! Turns a presented credential into a principal: the bearer access token
//! is verified, and the tenant it names must still be active (a suspended
//! tenant is locked out at once, not when its tokens expire). The HTTP
//! edge's extractors call these; nothing here knows about requests.

use super::jwt::Claims;
use super::principal::{AdminPrincipal, CustomerPrincipal, Principal, StaffPrincipal, suspended};
use crate::error::AppError;
use crate::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::ids::{AdminId, CustomerId, SellerId, TenantId, UserId};

/// The claims of an `Authorization` header's bearer token (`None`: no
/// header). `401` when it is missing, malformed, forged or expired.
pub fn bearer(state: &AppState, authorization: Option<&str>) -> Result<Claims, AppError> {
    let header = authorization.ok_or_else(AppError::unauthenticated)?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .ok_or_else(AppError::unauthenticated)?;
    let now = state.clock().now().timestamp();
    state.keys().verify(token.trim(), now).ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidToken,
            "the access token is invalid or expired; refresh the session",
        )
    })
}

/// Whoever the claims name: an admin, a customer or staff.
pub async fn caller(state: &AppState, claims: &Claims) -> Result<Principal, AppError> {
    match claims.kind.as_str() {
        "admin" => admin(claims).map(Principal::Admin),
        "customer" => customer(state, claims).await.map(Principal::Customer),
        _ => staff(state, claims).await.map(Principal::Staff),
    }
}

/// A platform administrator's claims (`403` for any other kind).
pub fn admin(claims: &Claims) -> Result<AdminPrincipal, AppError> {
    if claims.kind != "admin" || claims.tid.is_some() {
        return Err(AppError::forbidden());
    }
    Ok(AdminPrincipal {
        admin_id: AdminId(claims.sub),
    })
}

/// The tenant of a token must be active.
async fn require_active_tenant(state: &AppState, tenant_id: TenantId) -> Result<(), AppError> {
    let tx = state.repos().platform_read().await?;
    let tenant = tx.tenant(tenant_id).await?;
    tx.commit().await?;
    match tenant.map(|t| t.status) {
        Some(TenantStatus::Active) => Ok(()),
        Some(TenantStatus::Suspended) => Err(suspended()),
        None => Err(AppError::new(
            ErrorCode::InvalidToken,
            "the account no longer exists",
        )),
    }
}

/// An end customer's claims, of an active tenant.
pub async fn customer(state: &AppState, claims: &Claims) -> Result<CustomerPrincipal, AppError> {
    let (Some(tid), Some(sid), "customer") = (claims.tid, claims.sid, claims.kind.as_str()) else {
        return Err(AppError::forbidden());
    };
    require_active_tenant(state, TenantId(tid)).await?;
    Ok(CustomerPrincipal {
        tenant_id: TenantId(tid),
        seller_id: SellerId(sid),
        customer_id: CustomerId(claims.sub),
    })
}

/// A staff user's claims, of an active tenant.
pub async fn staff(state: &AppState, claims: &Claims) -> Result<StaffPrincipal, AppError> {
    let (Some(tid), Some(sid), "staff") = (claims.tid, claims.sid, claims.kind.as_str()) else {
        return Err(AppError::forbidden());
    };
    let tenant_id = TenantId(tid);
    require_active_tenant(state, tenant_id).await?;
    Ok(StaffPrincipal {
        tenant_id,
        seller_id: SellerId(sid),
        user_id: UserId(claims.sub),
    })
}

/// Staff of the operator itself (not of a reseller): the catalog, switch
/// keys and re-rating are the operator's, since every reseller prices on
/// top of them. A reseller's staff get `403 forbidden`.
pub async fn operator(state: &AppState, staff: StaffPrincipal) -> Result<StaffPrincipal, AppError> {
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    crate::services::seller_tree::require_operator(&tx, &staff).await?;
    tx.commit().await?;
    Ok(staff)
}
