//! The platform console: tenants and their status.

pub mod list_tenants;
pub mod set_tenant_status;
pub mod two_factor;
