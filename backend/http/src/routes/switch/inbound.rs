//! `GET /api/v1/switch/inbound?number=…`: the phone a call to one of the
//! operator's numbers rings.

use crate::error::ApiResult;
use crate::extract::Switch;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::switch::inbound as use_case;
use ringledger_shared::api::numbers::InboundView;
use serde::Deserialize;

/// The number called.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct InboundQuery {
    /// In any usual format (`+44 20 7123 4567`, `442071234567`).
    #[serde(default)]
    pub number: String,
}

/// The phone a call to one of the operator's numbers rings (its SIP username).
#[utoipa::path(get, path = "/api/v1/switch/inbound", tag = "switch", params(InboundQuery), security(("switch_key" = [])),
    responses((status = 200, body = InboundView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 401, body = ringledger_shared::error::ErrorBody), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/switch/inbound")]
pub async fn inbound(
    Switch(sw): Switch,
    state: web::Data<AppState>,
    q: web::Query<InboundQuery>,
) -> ApiResult<web::Json<InboundView>> {
    Ok(web::Json(
        use_case::inbound(state.repos(), &sw, &q.number).await?,
    ))
}
