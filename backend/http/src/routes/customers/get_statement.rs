//! `GET /api/v1/customers/{id}/statement`: the account over a period —
//! opening balance, every posting, closing balance.

use crate::error::ApiResult;
use crate::extract::Staff;
use crate::routes::books::PeriodQuery;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::customers::get_statement as use_case;
use ringledger_shared::api::books::StatementView;
use ringledger_shared::ids::CustomerId;
use uuid::Uuid;

/// Reconciles the period: `opening` (the sum of every posting before it)
/// plus each posting (with the balance after it) is `closing`.
#[utoipa::path(get, path = "/api/v1/customers/{id}/statement", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path), PeriodQuery),
    responses((status = 200, body = StatementView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/customers/{id}/statement")]
pub async fn get_statement(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    q: web::Query<PeriodQuery>,
) -> ApiResult<web::Json<StatementView>> {
    let period = q.parse(state.clock().now().date_naive())?;
    let view = use_case::get_statement(
        state.repos(),
        &staff,
        CustomerId(*id),
        period.from,
        period.to,
        period.start,
        period.end,
    )
    .await?;
    Ok(web::Json(view))
}
