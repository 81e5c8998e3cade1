//! `POST /api/v1/admin/two-factor/{setup,confirm}`: a platform admin's
//! two-factor sign-in (the only admin routes open before it is on:
//! platform admins must have it).

use crate::error::ApiResult;
use crate::extract::{AdminEnrolling, JsonBody};
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::admin::two_factor as use_case;
use ringledger_shared::api::team::{RecoveryCodesView, TwoFactorCodeRequest, TwoFactorSetupView};

/// Starts enrolment: a new secret, its `otpauth://` URL and QR code (SVG).
#[utoipa::path(post, path = "/api/v1/admin/two-factor/setup", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = TwoFactorSetupView), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/admin/two-factor/setup")]
pub async fn setup_admin_two_factor(
    AdminEnrolling(admin): AdminEnrolling,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<TwoFactorSetupView>> {
    Ok(web::Json(
        use_case::setup(state.repos(), state.secrets(), &admin).await?,
    ))
}

/// Confirms enrolment with the app's code: sign-ins now ask for a code. The
/// answer holds ten single-use recovery codes, shown this once.
#[utoipa::path(post, path = "/api/v1/admin/two-factor/confirm", tag = "admin", request_body = TwoFactorCodeRequest,
    security(("bearer" = [])), responses((status = 200, body = RecoveryCodesView),
    (status = 409, description = "no enrolment started", body = ringledger_shared::error::ErrorBody)))]
#[post("/admin/two-factor/confirm")]
pub async fn confirm_admin_two_factor(
    AdminEnrolling(admin): AdminEnrolling,
    state: web::Data<AppState>,
    body: JsonBody<TwoFactorCodeRequest>,
) -> ApiResult<web::Json<RecoveryCodesView>> {
    Ok(web::Json(
        use_case::confirm(
            state.repos(),
            state.secrets(),
            state.clock(),
            &admin,
            &body.0,
        )
        .await?,
    ))
}
