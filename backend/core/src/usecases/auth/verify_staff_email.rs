//! A staff member's e-mailed link confirms the address.

use crate::clock::Clock;
use crate::error::AppError;
use crate::services::staff_email;
use crate::site::Site;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::VerifyEmailRequest;

/// Confirms the e-mail of the link's staff member on `site` (their
/// seller's portal); answers the address. The same link twice is harmless.
pub async fn verify_staff_email(
    repos: &Repos,
    clock: &dyn Clock,
    site: &Site,
    request: &VerifyEmailRequest,
) -> Result<String, AppError> {
    let Site::Seller(site) = site else {
        return Err(AppError::new(
            ErrorCode::InvalidToken,
            "open the link on your portal's address",
        )
        .with_field("token"));
    };
    let tx = repos.tenant(site.tenant_id).await?;
    let email =
        staff_email::verify(&tx, site.seller_id.as_uuid(), &request.token, clock.now()).await?;
    tx.commit().await?;
    Ok(email)
}
