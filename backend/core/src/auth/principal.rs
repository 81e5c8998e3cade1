//! Who is calling: the bearer token turned into a principal. Handlers take
//! [`StaffPrincipal`] or [`AdminPrincipal`] as an argument and cannot run
//! without one.

use super::jwt::Claims;
use crate::error::AppError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::ids::{AdminId, SellerId, TenantId, UserId};

/// An operator's (later also a reseller's) staff user.
#[derive(Debug, Clone, Copy)]
pub struct StaffPrincipal {
    /// The tenant every query of this request is scoped to.
    pub tenant_id: TenantId,
    /// The seller the user works for.
    pub seller_id: SellerId,
    /// The user.
    pub user_id: UserId,
}

/// Any authenticated caller.
#[derive(Debug, Clone, Copy)]
pub enum Principal {
    /// A platform administrator.
    Admin(AdminPrincipal),
    /// A tenant's staff user.
    Staff(StaffPrincipal),
    /// An end customer.
    Customer(CustomerPrincipal),
}

/// An end customer of a seller.
#[derive(Debug, Clone, Copy)]
pub struct CustomerPrincipal {
    /// The tenant.
    pub tenant_id: TenantId,
    /// The seller whose customer this is.
    pub seller_id: SellerId,
    /// The customer.
    pub customer_id: uuid::Uuid,
}

/// A platform administrator.
#[derive(Debug, Clone, Copy)]
pub struct AdminPrincipal {
    /// The admin.
    pub admin_id: AdminId,
}

fn bearer_claims(req: &HttpRequest, state: &AppState) -> Result<Claims, AppError> {
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .ok_or_else(AppError::unauthenticated)?;
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

fn app_state(req: &HttpRequest) -> Result<AppState, AppError> {
    req.app_data::<web::Data<AppState>>()
        .map(|d| d.get_ref().clone())
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no app state")))
}

impl FromRequest for Principal {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = app_state(req).and_then(|s| bearer_claims(req, &s).map(|c| (s, c)));
        Box::pin(async move {
            let (state, claims) = parsed?;
            match claims.kind.as_str() {
                "admin" => admin_from(&claims).map(Principal::Admin),
                "customer" => customer_from(&state, &claims)
                    .await
                    .map(Principal::Customer),
                _ => staff_from(&state, &claims).await.map(Principal::Staff),
            }
        })
    }
}

fn admin_from(claims: &Claims) -> Result<AdminPrincipal, AppError> {
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

async fn customer_from(state: &AppState, claims: &Claims) -> Result<CustomerPrincipal, AppError> {
    let (Some(tid), Some(sid), "customer") = (claims.tid, claims.sid, claims.kind.as_str()) else {
        return Err(AppError::forbidden());
    };
    require_active_tenant(state, TenantId(tid)).await?;
    Ok(CustomerPrincipal {
        tenant_id: TenantId(tid),
        seller_id: SellerId(sid),
        customer_id: claims.sub,
    })
}

impl FromRequest for CustomerPrincipal {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = app_state(req).and_then(|s| bearer_claims(req, &s).map(|c| (s, c)));
        Box::pin(async move {
            let (state, claims) = parsed?;
            customer_from(&state, &claims).await
        })
    }
}

async fn staff_from(state: &AppState, claims: &Claims) -> Result<StaffPrincipal, AppError> {
    let (Some(tid), Some(sid), "staff") = (claims.tid, claims.sid, claims.kind.as_str()) else {
        return Err(AppError::forbidden());
    };
    let tenant_id = TenantId(tid);
    // A suspended tenant is locked out at once, not when tokens expire.
    let tx = state.repos().platform_read().await?;
    let tenant = tx.tenant(tenant_id).await?;
    tx.commit().await?;
    match tenant.map(|t| t.status) {
        Some(TenantStatus::Active) => Ok(StaffPrincipal {
            tenant_id,
            seller_id: SellerId(sid),
            user_id: UserId(claims.sub),
        }),
        Some(TenantStatus::Suspended) => Err(suspended()),
        None => Err(AppError::new(
            ErrorCode::InvalidToken,
            "the account no longer exists",
        )),
    }
}

impl FromRequest for StaffPrincipal {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = app_state(req).and_then(|s| bearer_claims(req, &s).map(|c| (s, c)));
        Box::pin(async move {
            let (state, claims) = parsed?;
            staff_from(&state, &claims).await
        })
    }
}

impl FromRequest for AdminPrincipal {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = app_state(req).and_then(|s| bearer_claims(req, &s));
        Box::pin(async move { admin_from(&parsed?) })
    }
}

/// `403 tenant_suspended`.
pub fn suspended() -> AppError {
    AppError::new(
        ErrorCode::TenantSuspended,
        "this account is suspended; contact the platform's support",
    )
}

/// Staff of the operator itself (not of a reseller): the catalog, switch
/// keys and re-rating are the operator's, since every reseller prices on
/// top of them. A reseller's staff get `403 forbidden`.
#[derive(Debug, Clone, Copy)]
pub struct OperatorStaff(pub StaffPrincipal);

impl FromRequest for OperatorStaff {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let staff = StaffPrincipal::from_request(req, payload);
        let state = app_state(req);
        Box::pin(async move {
            let (staff, state) = (staff.await?, state?);
            let tx = state.repos().tenant_read(staff.tenant_id).await?;
            crate::services::seller_tree::require_operator(&tx, &staff).await?;
            tx.commit().await?;
            Ok(OperatorStaff(staff))
        })
    }
}
