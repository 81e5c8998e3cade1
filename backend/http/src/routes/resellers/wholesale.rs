//! `GET /api/v1/wholesale`: the reseller's own account with its parent.

use crate::error::ApiResult;
use crate::extract::Staff;
use crate::routes::billing::views::invoice_view;
use actix_web::{get, web};
use ringledger_core::error::AppError;
use ringledger_core::services::resellers::{own_seller, wholesale_view};
use ringledger_core::state::AppState;
use ringledger_db::repo::InvoiceFilter;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::resellers::WholesaleStatement;
use ringledger_shared::ids::SellerId;

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
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let me = own_seller(&tx, &staff).await?;
    let (Some(parent_id), Some(account_id)) = (me.parent_id, me.wholesale_account_id) else {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "only a reseller has a wholesale account",
        )
        .into());
    };
    let parent = tx
        .seller(SellerId(parent_id))
        .await?
        .ok_or_else(|| AppError::not_found("parent"))?;
    let account = tx
        .account(account_id)
        .await?
        .ok_or_else(|| AppError::not_found("wholesale account"))?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;
    let filter = InvoiceFilter {
        status: None,
        account_id: Some(account.id),
        sellers: None,
        today: None,
    };
    let (invoices, _) = tx.list_invoices(&filter, 0, 100).await?;
    tx.commit().await?;
    let today = state.clock().now().date_naive();
    Ok(web::Json(WholesaleStatement {
        parent_name: parent.name.clone(),
        pay_url: format!(
            "{}/account/login",
            state.seller_portal_url(&tenant.slug, &parent)
        ),
        invoices: invoices
            .iter()
            .map(|i| invoice_view(i, &me.name, today))
            .collect(),
        account: wholesale_view(account),
    }))
}
