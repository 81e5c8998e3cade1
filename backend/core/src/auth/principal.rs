//! Who is calling: the principals a verified credential becomes
//! (`auth::identify` makes them; the HTTP edge's extractors hand them to
//! handlers, which cannot run without one).

use crate::error::AppError;
use ringledger_shared::ErrorCode;
use ringledger_shared::access::{Grants, Permission};
use ringledger_shared::ids::{AdminId, CustomerId, SellerId, TenantId, UserId};
use ringledger_shared::status::StaffRole;
use std::net::IpAddr;
use uuid::Uuid;

/// A seller's staff member (the operator's or a reseller's), or an API key
/// of the seller acting with its scope's powers.
#[derive(Debug, Clone, Copy)]
pub struct StaffPrincipal {
    /// The tenant every query of this request is scoped to.
    pub tenant_id: TenantId,
    /// The seller the user works for.
    pub seller_id: SellerId,
    /// The user (for an API key: the member who created it).
    pub user_id: UserId,
    /// The member's role (none for an API key).
    pub role: Option<StaffRole>,
    /// What the member's role, or the key's scope, may do.
    pub grants: Grants,
    /// The API key presented, when it is one.
    pub api_key: Option<Uuid>,
    /// The session (refresh family) of the access token, when it names one.
    pub session: Option<Uuid>,
    /// The team requires two-factor sign-in and this member has not enrolled
    /// yet: nothing but their own login may be touched.
    pub two_factor_due: bool,
    /// Where the request came from.
    pub origin: Origin,
}

impl StaffPrincipal {
    /// `403 permission_denied` unless the principal holds `p`.
    pub fn require(&self, p: Permission) -> Result<(), AppError> {
        if self.grants.allows(p) {
            return Ok(());
        }
        let who = match self.role {
            Some(role) => format!("the {} role", role.label()),
            None => "this API key's scope".to_owned(),
        };
        Err(AppError::new(
            ErrorCode::PermissionDenied,
            format!(
                "{who} may not do this (it needs: {})",
                p.label().to_lowercase()
            ),
        ))
    }
}

/// Where a request came from: the client's address and the request's id
/// (both recorded by the audit log).
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin {
    /// The client's address (behind trusted proxies: the forwarded one).
    pub ip: Option<IpAddr>,
    /// The request's id, as the access log names it.
    pub request_id: Option<Uuid>,
    /// When the request arrived (by the process's clock).
    pub at: chrono::DateTime<chrono::Utc>,
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
    pub customer_id: CustomerId,
    /// The session (refresh family) of the access token, when it names one.
    pub session: Option<Uuid>,
}

/// A platform administrator.
#[derive(Debug, Clone, Copy)]
pub struct AdminPrincipal {
    /// The admin.
    pub admin_id: AdminId,
}

/// `403 tenant_suspended`.
pub fn suspended() -> AppError {
    AppError::new(
        ErrorCode::TenantSuspended,
        "this account is suspended; contact the platform's support",
    )
}
