//! Turns a presented credential into a principal: the bearer access token
//! is verified, it must be presented on the site it was issued for (its
//! audience names the seller), and the tenant — and, for a customer, the
//! customer — it names must still be active (locked out at once, not when
//! the token expires). The HTTP
//! edge's extractors call these; nothing here knows about requests.

use super::jwt::{AUDIENCE, Claims, seller_audience};
use super::principal::{
    AdminPrincipal, CustomerPrincipal, Origin, Principal, StaffPrincipal, suspended,
};
use crate::error::AppError;
use crate::services::my_account::account_unavailable;
use crate::site::{HostKind, Site, classify, resolve};
use crate::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::ids::{AdminId, CustomerId, SellerId, TenantId, UserId};
use ringledger_shared::status::CustomerStatus;

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

/// Whoever the claims name: an admin, a customer or staff, presented on
/// the site of `host`.
pub async fn caller(
    state: &AppState,
    claims: &Claims,
    host: &str,
    origin: Origin,
) -> Result<Principal, AppError> {
    match claims.kind.as_str() {
        "admin" => admin(state, claims, host).map(Principal::Admin),
        "customer" => customer(state, claims, host).await.map(Principal::Customer),
        _ => staff(state, claims, host, origin)
            .await
            .map(Principal::Staff),
    }
}

/// Whether the access token's session is still live (a token naming none,
/// issued before sessions were named, is taken as live until it expires).
async fn session_live(
    tx: &ringledger_db::repo::TenantTx,
    claims: &Claims,
) -> Result<bool, AppError> {
    match claims.fam {
        Some(family) => Ok(tx.family_live(family).await?),
        None => Ok(true),
    }
}

/// `401`: the session was signed out or revoked.
fn signed_out() -> AppError {
    AppError::new(
        ErrorCode::InvalidToken,
        "this session was signed out; sign in again",
    )
}

/// `401`: the token was issued for another site.
fn other_site() -> AppError {
    AppError::new(
        ErrorCode::InvalidToken,
        "this access token was issued for another site; sign in here",
    )
}

/// A platform administrator's claims (`403` for any other kind), presented
/// on the platform's own site (`401` on a portal).
pub fn admin(state: &AppState, claims: &Claims, host: &str) -> Result<AdminPrincipal, AppError> {
    if claims.kind != "admin" || claims.tid.is_some() {
        return Err(AppError::forbidden());
    }
    let base = &state.settings().base_domain;
    if claims.aud != AUDIENCE || classify(host, base) != HostKind::Platform {
        return Err(other_site());
    }
    Ok(AdminPrincipal {
        admin_id: AdminId(claims.sub),
    })
}

/// [`admin`], and the admin has two-factor sign-in on: platform admins
/// must (`403 permission_denied` until they enrolled; only the enrolment
/// itself takes [`admin`] alone). A removed admin's token is refused.
pub async fn admin_with_two_factor(
    state: &AppState,
    claims: &Claims,
    host: &str,
) -> Result<AdminPrincipal, AppError> {
    let admin = admin(state, claims, host)?;
    let tx = state.repos().platform_read().await?;
    let row = tx.admin(admin.admin_id).await?;
    tx.commit().await?;
    match row {
        None => Err(AppError::unauthenticated()),
        Some(a) if a.totp_enabled_at.is_none() => Err(AppError::new(
            ErrorCode::PermissionDenied,
            "platform admins must sign in with two factors: turn on two-factor sign-in first",
        )),
        Some(_) => Ok(admin),
    }
}

/// The seller site of a tenant token presented at `host`: the token's
/// audience must name the seller whose site `host` is (a token issued on
/// `a.localhost` answers 401 on any other host), and the tenant must still
/// be active (a suspended tenant is locked out at once).
async fn require_own_site(
    state: &AppState,
    claims: &Claims,
    tenant: TenantId,
    seller: SellerId,
    host: &str,
) -> Result<(), AppError> {
    if claims.aud != seller_audience(seller.as_uuid()) {
        return Err(other_site());
    }
    match resolve(state, host).await? {
        Some(Site::Seller(site)) if site.tenant_id == tenant && site.seller_id == seller => {
            match site.status {
                TenantStatus::Active => Ok(()),
                TenantStatus::Suspended => Err(suspended()),
            }
        }
        _ => Err(other_site()),
    }
}

/// An end customer's claims, on their seller's site, of an active tenant;
/// a suspended or closed customer is refused at once (`403
/// account_suspended`), not when the access token expires.
pub async fn customer(
    state: &AppState,
    claims: &Claims,
    host: &str,
) -> Result<CustomerPrincipal, AppError> {
    let (Some(tid), Some(sid), "customer") = (claims.tid, claims.sid, claims.kind.as_str()) else {
        return Err(AppError::forbidden());
    };
    let (tenant_id, seller_id) = (TenantId(tid), SellerId(sid));
    require_own_site(state, claims, tenant_id, seller_id, host).await?;
    let customer_id = CustomerId(claims.sub);
    let tx = state.repos().tenant_read(tenant_id).await?;
    let found = tx.customers().customer(customer_id).await?;
    let live = session_live(&tx, claims).await?;
    tx.commit().await?;
    if !live {
        return Err(signed_out());
    }
    match found.map(|c| c.status) {
        None => Err(AppError::new(
            ErrorCode::InvalidToken,
            "the account no longer exists",
        )),
        Some(CustomerStatus::Suspended | CustomerStatus::Closed) => Err(account_unavailable()),
        Some(CustomerStatus::Active | CustomerStatus::PendingVerification) => {
            Ok(CustomerPrincipal {
                tenant_id,
                seller_id,
                customer_id,
                session: claims.fam,
            })
        }
    }
}

/// A staff user's claims, on their seller's site, of an active tenant,
/// with the member's current role: a deactivated member is refused at once
/// (`401`), and a changed role applies to the next request.
pub async fn staff(
    state: &AppState,
    claims: &Claims,
    host: &str,
    origin: Origin,
) -> Result<StaffPrincipal, AppError> {
    let (Some(tid), Some(sid), "staff") = (claims.tid, claims.sid, claims.kind.as_str()) else {
        return Err(AppError::forbidden());
    };
    let (tenant_id, seller_id) = (TenantId(tid), SellerId(sid));
    require_own_site(state, claims, tenant_id, seller_id, host).await?;
    let user_id = UserId(claims.sub);
    let tx = state.repos().tenant_read(tenant_id).await?;
    let user = tx.user(user_id).await?;
    let required = tx
        .seller(seller_id)
        .await?
        .is_some_and(|s| s.require_two_factor);
    let live = session_live(&tx, claims).await?;
    tx.commit().await?;
    if !live {
        return Err(signed_out());
    }
    let user = user
        .filter(|u| u.deactivated_at.is_none() && u.seller_id == sid)
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidToken,
                "this login is no longer active; ask the team's owner",
            )
        })?;
    Ok(StaffPrincipal {
        tenant_id,
        seller_id,
        user_id,
        role: Some(user.role),
        grants: user.role.grants(),
        api_key: None,
        session: claims.fam,
        two_factor_due: required && user.totp_enabled_at.is_none(),
        origin,
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
