//! `POST /api/v1/my/verify-email`: the e-mailed link's token confirms the address.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::RequestSite;
use actix_web::{HttpResponse, post, web};
use ringledger_core::auth::refresh;
use ringledger_core::error::AppError;
use ringledger_core::site::Site;
use ringledger_core::state::AppState;
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

/// Confirms the e-mail and activates the customer. Using the same link twice
/// is harmless (`200`).
#[utoipa::path(post, path = "/api/v1/my/verify-email", tag = "customer", request_body = VerifyEmailRequest, responses(
    (status = 200, description = "verified"),
    (status = 401, description = "invalid or expired link", body = ringledger_shared::error::ErrorBody)))]
#[post("/my/verify-email")]
pub async fn verify_email(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<VerifyEmailRequest>,
) -> ApiResult<HttpResponse> {
    let Site::Seller(site) = site else {
        return Err(invalid().into());
    };
    let (id, secret) = refresh::parse(&body.0.token).ok_or_else(invalid)?;
    let now = state.clock().now();
    let tx = state.repos().tenant(site.tenant_id).await?;
    let token = tx
        .customer_token(id)
        .await?
        .filter(|t| t.purpose == "verify_email" && refresh::matches(secret, &t.token_hash))
        .ok_or_else(invalid)?;
    let mut customer = tx.customer(token.customer_id).await?.ok_or_else(invalid)?;
    if customer.seller_id != site.seller_id.as_uuid() {
        return Err(invalid().into());
    }
    if customer.email_verified_at.is_none() {
        if token.expires_at <= now || !tx.use_customer_token(token.id, now).await? {
            return Err(invalid().into());
        }
        customer.email_verified_at = Some(now);
        if customer.status == CustomerStatus::PendingVerification {
            customer.status = CustomerStatus::Active;
        }
        tx.update_customer(customer.clone()).await?;
    }
    tx.commit().await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"verified": true, "email": customer.email})))
}
