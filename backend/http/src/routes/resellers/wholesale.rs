//! `GET /api/v1/wholesale`: the reseller's own account with its parent.

use crate::error::ApiResult;
use crate::extract::Staff;
use crate::routes::billing::views::invoice_view;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::resellers::wholesale::{self as use_case, WholesaleError};
use ringledger_shared::api::resellers::WholesaleStatement;

crate::edge!(WholesaleError {
    NotReseller => Forbidden,
    NotFound => NotFound,
});

/// What the reseller owes its parent and the parent's invoices to it; it
/// pays them on the parent's portal (the link), signed in with its owner's
/// e-mail, like any customer.
#[utoipa::path(get, path = "/api/v1/wholesale", tag = "resellers", security(("bearer" = [])),
    responses((status = 200, body = WholesaleStatement), (status = 403, description = "the operator has no parent", body = ringledger_shared::error::ErrorBody)))]
#[get("/wholesale")]
pub async fn wholesale(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<WholesaleStatement>> {
    let w = use_case::wholesale(state.repos(), state.urls(), &staff).await?;
    let today = state.clock().now().date_naive();
    Ok(web::Json(WholesaleStatement {
        parent_name: w.parent_name,
        pay_url: w.pay_url,
        invoices: w
            .invoices
            .iter()
            .map(|i| invoice_view(i, &w.seller_name, today))
            .collect(),
        account: w.account,
    }))
}
