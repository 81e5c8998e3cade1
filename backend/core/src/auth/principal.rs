//! Who is calling: the principals a verified credential becomes
//! (`auth::identify` makes them; the HTTP edge's extractors hand them to
//! handlers, which cannot run without one).

use crate::error::AppError;
use ringledger_shared::ErrorCode;
use ringledger_shared::ids::{AdminId, CustomerId, SellerId, TenantId, UserId};

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
    pub customer_id: CustomerId,
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
