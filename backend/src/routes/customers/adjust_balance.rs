//! `POST /api/v1/customers/{id}/adjustments` and `GET …/ledger`: manual
//! credits and debits, and the balance ledger.

use crate::auth::principal::StaffPrincipal;
use crate::entities::decimal::DbDecimal;
use crate::entities::ledger_entries;
use crate::error::{AppError, AppResult};
use crate::extract::JsonBody;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::{AdjustmentRequest, LedgerEntryView};
use ringledger_shared::validate::{self, DisplayName};
use uuid::Uuid;

fn view(e: &ledger_entries::Model) -> LedgerEntryView {
    LedgerEntryView {
        id: e.id,
        amount: e.amount.0.normalize(),
        balance_after: e.balance_after.0.normalize(),
        kind: e.kind.clone(),
        reason: e.reason.clone(),
        actor: e.actor.clone(),
        created_at: e.created_at,
    }
}

/// Credits (positive) or debits (negative) the account by hand; the ledger
/// records who, when, why, the amount and the balance after.
#[utoipa::path(post, path = "/api/v1/customers/{id}/adjustments", tag = "customers", request_body = AdjustmentRequest,
    security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 201, body = LedgerEntryView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/adjustments")]
pub async fn adjust_balance(
    staff: StaffPrincipal,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<AdjustmentRequest>,
) -> AppResult<HttpResponse> {
    let reason = DisplayName::parse("reason", &body.0.reason)?;
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let currency = tx.currency().await?;
    let amount = validate::signed_amount("amount", &body.0.amount, currency)?;
    let (_, account) = super::staff_customer(&tx, &staff, *id).await?;
    // Money on a reseller's customer's account is the reseller's to give:
    // its parent may look, not credit.
    if account.seller_id != staff.seller_id.as_uuid() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "only the customer's own seller can change its balance",
        ));
    }
    let mut account = tx
        .account_for_update(account.id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    account.balance = DbDecimal(account.balance.0 + amount);
    let actor = tx
        .user(staff.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_else(|| "staff".into());
    let entry = tx
        .insert_ledger(ledger_entries::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id: Uuid::now_v7(),
            account_id: account.id,
            amount: DbDecimal(amount),
            balance_after: account.balance,
            kind: "adjustment".into(),
            reason: reason.as_str().to_owned(),
            actor,
            cdr_id: None,
            created_at: state.clock().now(),
        })
        .await?;
    tx.update_account(account).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(view(&entry)))
}

/// The account's ledger, newest first (at most 500 entries).
#[utoipa::path(get, path = "/api/v1/customers/{id}/ledger", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Page<LedgerEntryView>), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/customers/{id}/ledger")]
pub async fn get_ledger(
    staff: StaffPrincipal,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Page<LedgerEntryView>>> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (_, account) = super::staff_customer(&tx, &staff, *id).await?;
    let entries = tx.ledger_of(account.id, 500).await?;
    tx.commit().await?;
    let items: Vec<LedgerEntryView> = entries.iter().map(view).collect();
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
