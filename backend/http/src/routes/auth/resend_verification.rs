//! `POST /api/v1/auth/verify-email/resend`: a new verification link.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::auth::resend_verification as use_case;

/// E-mails the signed-in staff member a new verification link.
#[utoipa::path(post, path = "/api/v1/auth/verify-email/resend", tag = "auth", security(("bearer" = [])), responses(
    (status = 204, description = "sent"),
    (status = 409, description = "verified already", body = ringledger_shared::error::ErrorBody)))]
#[post("/auth/verify-email/resend")]
pub async fn resend_verification(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    use_case::resend_verification(state.deps(), &staff).await?;
    Ok(HttpResponse::NoContent().finish())
}
