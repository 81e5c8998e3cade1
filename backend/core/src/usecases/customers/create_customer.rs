//! The operator creates a customer by hand: the portal sign-up's rules and
//! answer, but the staff vouch for the e-mail.

use crate::auth::principal::StaffPrincipal;
use crate::ports::Deps;
use crate::services::customer_signup::{Origin, sign_up};
use crate::site::SellerSite;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::api::customers::{CustomerSignupRequest, CustomerSignupResponse};

crate::use_case_error! {
    /// Why a customer could not be created.
    pub enum CreateCustomerError {
        /// The staff's tenant is gone.
        #[error("tenant not found")]
        TenantNotFound,
    }
}

/// Signs a customer up for the staff's seller: verified and active at once,
/// and e-mailed a welcome with the sign-in link.
pub async fn create_customer(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    request: &CustomerSignupRequest,
) -> Result<CustomerSignupResponse, CreateCustomerError> {
    let tx = deps.repos().platform_read().await?;
    let tenant = tx
        .tenant(staff.tenant_id)
        .await?
        .ok_or(CreateCustomerError::TenantNotFound)?;
    tx.commit().await?;
    let site = SellerSite {
        tenant_id: staff.tenant_id,
        seller_id: staff.seller_id,
        slug: tenant.slug,
        status: TenantStatus::Active,
    };
    let customer = sign_up(deps, &site, request.clone(), Origin::Staff, Some(staff)).await?;
    Ok(CustomerSignupResponse { customer })
}
