//! `POST /api/v1/me/two-factor/{setup,confirm,disable}`: the signed-in
//! member's two-factor sign-in (TOTP).

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::me::two_factor as use_case;
use ringledger_shared::api::team::{RecoveryCodesView, TwoFactorCodeRequest, TwoFactorSetupView};

/// Starts enrolment: a new secret, its `otpauth://` URL and QR code (SVG).
/// Nothing changes until a code confirms it. `409` when it is on already.
#[utoipa::path(post, path = "/api/v1/me/two-factor/setup", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TwoFactorSetupView), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/me/two-factor/setup")]
pub async fn setup_two_factor(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<TwoFactorSetupView>> {
    Ok(web::Json(
        use_case::setup(state.repos(), state.secrets(), &staff).await?,
    ))
}

/// Confirms enrolment with the app's current code: sign-ins now ask for a
/// code. The answer holds ten single-use recovery codes, shown this once.
#[utoipa::path(post, path = "/api/v1/me/two-factor/confirm", tag = "auth", request_body = TwoFactorCodeRequest,
    security(("bearer" = [])), responses((status = 200, body = RecoveryCodesView),
    (status = 409, description = "no enrolment started", body = ringledger_shared::error::ErrorBody)))]
#[post("/me/two-factor/confirm")]
pub async fn confirm_two_factor(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<TwoFactorCodeRequest>,
) -> ApiResult<web::Json<RecoveryCodesView>> {
    Ok(web::Json(
        use_case::confirm(state.repos(), state.secrets(), &staff, &body.0).await?,
    ))
}

/// Turns two-factor sign-in off with a current or a recovery code (`409`
/// when the team requires it).
#[utoipa::path(post, path = "/api/v1/me/two-factor/disable", tag = "auth", request_body = TwoFactorCodeRequest,
    security(("bearer" = [])), responses((status = 204), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/me/two-factor/disable")]
pub async fn disable_two_factor(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<TwoFactorCodeRequest>,
) -> ApiResult<HttpResponse> {
    use_case::disable(state.repos(), state.secrets(), &staff, &body.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
