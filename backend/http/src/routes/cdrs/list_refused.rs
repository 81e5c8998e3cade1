//! `GET /api/v1/cdrs/refused`: calls fraud control refused.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::cdrs::list_refused as use_case;
use ringledger_shared::api::fraud::RefusedCallList;
use serde::Deserialize;
use uuid::Uuid;

/// Whose refused calls.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RefusedSearch {
    /// Only this customer's.
    pub customer_id: Option<Uuid>,
}

/// Calls fraud control refused, newest first (one per service and reason a minute).
#[utoipa::path(get, path = "/api/v1/cdrs/refused", tag = "calls", params(RefusedSearch), security(("bearer" = [])),
    responses((status = 200, body = RefusedCallList), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/cdrs/refused")]
pub async fn list_refused_calls(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<RefusedSearch>,
) -> ApiResult<web::Json<RefusedCallList>> {
    Ok(web::Json(
        use_case::list_refused(state.repos(), &staff, q.customer_id).await?,
    ))
}
