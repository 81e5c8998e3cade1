//! `POST /api/v1/card-batches`.

use crate::auth::principal::StaffPrincipal;
use crate::entities::decimal::DbDecimal;
use crate::entities::{calling_cards, card_batches};
use crate::error::{AppError, AppResult};
use crate::extract::JsonBody;
use crate::services::provisioning::random_digits;
use crate::state::AppState;
use crate::views::card_batch_view;
use actix_web::{HttpResponse, post, web};
use chrono::NaiveDate;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::{CardBatchView, CreateCardBatchRequest};
use ringledger_shared::money::Currency;
use ringledger_shared::validate::{self, DisplayName};
use std::collections::HashSet;
use uuid::Uuid;

/// Most cards per batch.
const MAX_BATCH: u32 = 100_000;

/// Generates `quantity` cards (PIN of the seller's length, 12-digit serial,
/// both unique in the tenant) as unowned prepaid stock.
#[utoipa::path(post, path = "/api/v1/card-batches", tag = "cards", request_body = CreateCardBatchRequest, security(("bearer" = [])),
    responses((status = 201, body = CardBatchView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[post("/card-batches")]
pub async fn create_batch(
    staff: StaffPrincipal,
    state: web::Data<AppState>,
    body: JsonBody<CreateCardBatchRequest>,
) -> AppResult<HttpResponse> {
    let req = body.0;
    let name = DisplayName::parse("name", &req.name)?;
    if req.quantity == 0 || req.quantity > MAX_BATCH {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            format!("quantity must be 1 to {MAX_BATCH}"),
        )
        .with_field("quantity"));
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
                .with_field("expires_on"),
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
    // Draw unique values in memory, then check the few that may collide
    // with existing cards before inserting.
    let mut pins = HashSet::with_capacity(req.quantity as usize);
    let mut serials = HashSet::with_capacity(req.quantity as usize);
    let mut cards = Vec::with_capacity(req.quantity as usize);
    while cards.len() < req.quantity as usize {
        let pin = random_digits(pin_len);
        let serial = random_digits(12);
        if !pins.insert(pin.clone()) || !serials.insert(serial.clone()) {
            continue;
        }
        if tx.card_by_pin(&pin).await?.is_some() || tx.serial_taken(&serial).await? {
            continue;
        }
        cards.push(calling_cards::Model {
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
            status: "stock".into(),
            created_at: now,
        });
    }
    tx.insert_cards(cards).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(card_batch_view(&batch)))
}
