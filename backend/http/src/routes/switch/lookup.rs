//! `GET /api/v1/switch/lookup?ani=…|sip_user=…` (a PIN only by POST:
//! `lookup_by_body.rs`).

use crate::error::ApiResult;
use crate::extract::Switch;
use actix_web::{get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::switch::lookup::{self as use_case, LookupError};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::LookupView;
use serde::Deserialize;

crate::edge!(LookupError {
    UnknownIdentifier => NotFound,
});

/// Exactly one identifier (not a PIN: URLs end up in proxies' and servers'
/// logs).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LookupQuery {
    /// Refused: send a PIN in the body of `POST /api/v1/switch/lookup`.
    pub pin: Option<String>,
    /// A caller number (any usual format).
    pub ani: Option<String>,
    /// A SIP or video username.
    pub sip_user: Option<String>,
}

/// The account and service an identifier belongs to (and, for SIP/video,
/// the password the switch checks the device's digest against). A `pin`
/// here is a 400: PINs are looked up by POST.
#[utoipa::path(get, path = "/api/v1/switch/lookup", tag = "switch", params(LookupQuery), security(("switch_key" = [])),
    responses((status = 200, body = LookupView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 401, body = ringledger_shared::error::ErrorBody), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/switch/lookup")]
pub async fn lookup(
    Switch(sw): Switch,
    state: web::Data<AppState>,
    q: web::Query<LookupQuery>,
) -> ApiResult<web::Json<LookupView>> {
    if q.pin.is_some() {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "a PIN never goes in a URL: send it in the body of POST /api/v1/switch/lookup",
        )
        .with_field("pin")
        .into());
    }
    let view = use_case::lookup(
        state.repos(),
        state.secrets(),
        &sw,
        None,
        q.ani.as_deref(),
        q.sip_user.as_deref(),
    )
    .await?;
    Ok(web::Json(view))
}
