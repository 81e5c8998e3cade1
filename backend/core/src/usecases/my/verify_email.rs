//! The e-mailed link's token confirms the customer's address.

use crate::auth::refresh;
use crate::clock::Clock;
use crate::error::AppError;
use crate::site::Site;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::VerifyEmailRequest;
use ringledger_shared::status::CustomerStatus;

fn invalid() -> AppError {
    AppError::new(
        ErrorCode::InvalidToken,
        "this link is invalid or has expired",
    )
    .with_field("token")
}

/// Confirms the e-mail of the token's customer on `site` (a seller's
/// portal) and activates a customer pending verification; answers the
/// verified address. Using the same link twice is harmless.
pub async fn verify_email(
    repos: &Repos,
    clock: &dyn Clock,
    site: &Site,
    request: &VerifyEmailRequest,
) -> Result<String, AppError> {
    let Site::Seller(site) = site else {
        return Err(invalid());
    };
    let (id, secret) = refresh::parse(&request.token).ok_or_else(invalid)?;
    let now = clock.now();
    let tx = repos.tenant(site.tenant_id).await?;
    let token = tx
        .customers()
        .customer_token(id)
        .await?
        .filter(|t| t.purpose == "verify_email" && refresh::matches(secret, &t.token_hash))
        .ok_or_else(invalid)?;
    let mut customer = tx
        .customers()
        .customer(token.customer_id)
        .await?
        .ok_or_else(invalid)?;
    if customer.seller_id != site.seller_id.as_uuid() {
        return Err(invalid());
    }
    if customer.email_verified_at.is_none() {
        if token.expires_at <= now || !tx.customers().use_customer_token(token.id, now).await? {
            return Err(invalid());
        }
        customer.email_verified_at = Some(now);
        if customer.status == CustomerStatus::PendingVerification {
            customer.status = CustomerStatus::Active;
        }
        tx.customers().update_customer(customer.clone()).await?;
    }
    tx.commit().await?;
    Ok(customer.email)
}
