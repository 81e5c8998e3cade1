//! `POST /api/v1/customers/{id}/charges`: a one-off charge (or, negative,
//! a credit) that the customer's next invoice bills.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::one_off_charges;
use ringledger_shared::api::billing::{ChargeRequest, ChargeView};
use ringledger_shared::money::Currency;
use ringledger_shared::validate::{self, DisplayName};
use uuid::Uuid;

/// Adds a one-off charge or credit for the next invoice.
#[utoipa::path(post, path = "/api/v1/customers/{id}/charges", tag = "billing", request_body = ChargeRequest,
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 201, body = ChargeView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/charges")]
pub async fn add_charge(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<ChargeRequest>,
) -> ApiResult<HttpResponse> {
    let description = DisplayName::parse("description", &body.0.description)?;
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (_, account) = crate::routes::customers::staff_customer(&tx, &staff, *id).await?;
    let currency = Currency::parse(&account.currency).unwrap_or(Currency::USD);
    let amount = validate::signed_amount("amount", &body.0.amount, currency)?;
    let actor = tx
        .user(staff.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_else(|| "staff".into());
    let charge = tx
        .insert_one_off(one_off_charges::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id: Uuid::now_v7(),
            account_id: account.id,
            description: description.as_str().to_owned(),
            amount: DbDecimal(amount),
            invoice_id: None,
            created_by: actor,
            created_at: state.clock().now(),
        })
        .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(ChargeView {
        id: charge.id,
        description: charge.description,
        amount: charge.amount.0,
        invoice_id: None,
    }))
}
