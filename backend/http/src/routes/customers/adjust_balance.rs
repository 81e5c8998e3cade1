//! `POST /api/v1/customers/{id}/adjustments` and `GET …/ledger`: manual
//! credits and debits, and the balance ledger.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::ledger::{self, Details};
use ringledger_core::state::AppState;
use ringledger_db::entities::{journals, postings};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::{AdjustmentRequest, LedgerEntryView};
use ringledger_shared::ledger::{Book, JournalKind};
use ringledger_shared::validate::{self, DisplayName};
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

/// An account's newest postings as the customer sees them, each with the
/// balance right after it (walked back from the stored balance, which is
/// the sum of all of them).
pub(crate) async fn entries(
    tx: &TenantTx,
    account: Uuid,
    balance: Decimal,
    limit: u64,
) -> ApiResult<Vec<LedgerEntryView>> {
    let postings = tx.postings_of(account, limit).await?;
    let ids: Vec<Uuid> = postings.iter().map(|p| p.journal_id).collect();
    let journals: HashMap<Uuid, journals::Model> = tx
        .journals_by_ids(&ids)
        .await?
        .into_iter()
        .map(|j| (j.id, j))
        .collect();
    let mut after = balance;
    Ok(postings
        .iter()
        .map(|p| {
            let view = entry_view(p, journals.get(&p.journal_id), after);
            after -= p.amount.0;
            view
        })
        .collect())
}

/// A posting as the customer sees it, with the balance right after it.
pub(crate) fn entry_view(
    p: &postings::Model,
    j: Option<&journals::Model>,
    balance_after: Decimal,
) -> LedgerEntryView {
    LedgerEntryView {
        id: p.id,
        journal_id: p.journal_id,
        amount: p.amount.0.normalize(),
        balance_after: balance_after.normalize(),
        kind: p.kind.as_str().to_owned(),
        reason: j.map(|j| j.memo.clone()).unwrap_or_default(),
        actor: j.map(|j| j.actor.clone()).unwrap_or_default(),
        created_at: p.created_at,
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
    req: HttpRequest,
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<AdjustmentRequest>,
) -> ApiResult<HttpResponse> {
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
        )
        .into());
    }
    let account = tx
        .account_for_update(account.id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    let actor = tx
        .user(staff.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_else(|| "staff".into());
    // A client may retry with the same `Idempotency-Key`: posted once.
    let key = match req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 100)
    {
        Some(k) => format!("adjustment:{}:{k}", account.id),
        None => format!("adjustment:{}", Uuid::now_v7()),
    };
    let journal = ledger::transfer(
        JournalKind::Adjustment,
        &account,
        Book::Adjustments,
        amount,
        key,
        state.clock().now(),
    )
    .memo(reason.as_str())
    .actor(actor);
    let key = journal.key.clone();
    let mut journal_id = journal.id;
    if !ledger::post(&tx, journal).await? {
        // A retry: answer with what the first request posted.
        journal_id = tx.journal_by_key(&key).await?.map_or(journal_id, |j| j.id);
    }
    let balance = tx
        .account(account.id)
        .await?
        .map_or(account.balance.0, |a| a.balance.0);
    let list = entries(&tx, account.id, balance, 500).await?;
    tx.commit().await?;
    let entry = list
        .into_iter()
        .find(|e| e.journal_id == journal_id)
        .ok_or_else(|| AppError::not_found("ledger entry"))?;
    Ok(HttpResponse::Created().json(entry))
}

/// The account's ledger, newest first (at most 500 entries).
#[utoipa::path(get, path = "/api/v1/customers/{id}/ledger", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Page<LedgerEntryView>), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/customers/{id}/ledger")]
pub async fn get_ledger(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<LedgerEntryView>>> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (_, account) = super::staff_customer(&tx, &staff, *id).await?;
    let items = entries(&tx, account.id, account.balance.0, 500).await?;
    tx.commit().await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
