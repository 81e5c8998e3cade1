//! `GET /api/v1/customers/{id}/statement`: the account over a period —
//! opening balance, every posting, closing balance.

use crate::error::ApiResult;
use crate::extract::Staff;
use crate::routes::books::PeriodQuery;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_shared::api::books::StatementView;
use std::collections::HashMap;
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
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let (_, account) = super::staff_customer(&tx, &staff, *id).await?;
    let opening = tx.balance_before(account.id, period.start).await?;
    let postings = tx
        .postings_between(account.id, period.start, period.end)
        .await?;
    let ids: Vec<Uuid> = postings.iter().map(|p| p.journal_id).collect();
    let journals: HashMap<Uuid, _> = tx
        .journals_by_ids(&ids)
        .await?
        .into_iter()
        .map(|j| (j.id, j))
        .collect();
    tx.commit().await?;
    let mut balance = opening;
    let entries = postings
        .iter()
        .map(|p| {
            balance += p.amount.0;
            ringledger_core::usecases::customers::adjust_balance::entry_view(
                p,
                journals.get(&p.journal_id),
                balance,
            )
        })
        .collect();
    Ok(web::Json(StatementView {
        account_id: account.id,
        currency: account.currency,
        from: period.from,
        to: period.to,
        opening: opening.normalize(),
        entries,
        closing: balance.normalize(),
    }))
}
