//! `POST /api/v1/card-batches`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use chrono::NaiveDate;
use ringledger_core::error::AppError;
use ringledger_core::services::provisioning::random_digits;
use ringledger_core::state::AppState;
use ringledger_core::views::card_batch_view;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{calling_cards, card_batches};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::{CardBatchView, CreateCardBatchRequest};
use ringledger_shared::money::Currency;
use ringledger_shared::status::CardStatus;
use ringledger_shared::validate::{self, DisplayName};
use std::collections::HashSet;
use uuid::Uuid;

/// Most cards per batch.
const MAX_BATCH: u32 = 100_000;

/// `n` random digit strings of `len`, unique among themselves and unused in
/// the tenant as PINs (or serials).
async fn unique_values(
    tx: &ringledger_db::repo::TenantTx,
    n: usize,
    len: usize,
    serial: bool,
) -> ApiResult<Vec<String>> {
    let mut chosen: HashSet<String> = HashSet::with_capacity(n);
    for _ in 0..16 {
        let mut fresh: HashSet<String> = HashSet::with_capacity(n - chosen.len());
        while chosen.len() + fresh.len() < n {
            let v = random_digits(len);
            if !chosen.contains(&v) {
                fresh.insert(v);
            }
        }
        let fresh: Vec<String> = fresh.into_iter().collect();
        let taken = tx.taken_card_values(&fresh, serial).await?;
        chosen.extend(fresh.into_iter().filter(|v| !taken.contains(v)));
        if chosen.len() == n {
            return Ok(chosen.into_iter().collect());
        }
    }
    Err(AppError::new(
        ErrorCode::Conflict,
        "could not find enough unused PINs; raise the PIN length in the settings",
    )
    .into())
}

/// Generates `quantity` cards (PIN of the seller's length, 12-digit serial,
/// both unique in the tenant) as unowned prepaid stock.
#[utoipa::path(post, path = "/api/v1/card-batches", tag = "cards", request_body = CreateCardBatchRequest, security(("bearer" = [])),
    responses((status = 201, body = CardBatchView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[post("/card-batches")]
pub async fn create_batch(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<CreateCardBatchRequest>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    let name = DisplayName::parse("name", &req.name)?;
    if req.quantity == 0 || req.quantity > MAX_BATCH {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            format!("quantity must be 1 to {MAX_BATCH}"),
        )
        .with_field("quantity")
        .into());
    }
    let expires_on = match req
        .expires_on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(d) => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "expires_on must be a date like 2027-12-31",
            )
            .with_field("expires_on")
        })?),
        None => None,
    };
    let now = state.clock().now();
    if expires_on.is_some_and(|d| d < now.date_naive()) {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "expires_on is in the past")
                .with_field("expires_on")
                .into(),
        );
    }
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;
    let currency = Currency::parse(&tenant.currency).unwrap_or(Currency::USD);
    let balance = validate::price("initial_balance", &req.initial_balance, currency)?;
    let seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("seller"))?;
    let pin_len = seller.pin_length.clamp(4, 20) as usize;

    let batch = tx
        .insert_card_batch(card_batches::Model {
            tenant_id: tenant.id,
            id: Uuid::now_v7(),
            seller_id: seller.id,
            name: name.as_str().to_owned(),
            quantity: req.quantity as i32,
            initial_balance: DbDecimal(balance),
            expires_on,
            created_at: now,
        })
        .await?;
    // Draw values unique within the batch, then redraw the few that collide
    // with existing cards (checked in bulk, not one query per card).
    let quantity = req.quantity as usize;
    let pins = unique_values(&tx, quantity, pin_len, false).await?;
    let serials = unique_values(&tx, quantity, 12, true).await?;
    let cards: Vec<_> = pins
        .into_iter()
        .zip(serials)
        .map(|(pin, serial)| calling_cards::Model {
            tenant_id: tenant.id,
            id: Uuid::now_v7(),
            seller_id: seller.id,
            pin,
            serial,
            batch_id: Some(batch.id),
            account_id: None,
            service_id: None,
            initial_balance: DbDecimal(balance),
            expires_on,
            status: CardStatus::Stock,
            created_at: now,
        })
        .collect();
    tx.insert_cards(cards).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(card_batch_view(&batch)))
}
