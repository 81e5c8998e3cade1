//! Generating a batch of calling cards as unowned prepaid stock.

use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::provisioning::random_digits;
use crate::views::card_batch_view;
use chrono::NaiveDate;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{calling_cards, card_batches};
use ringledger_db::repo::Repos;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::{CardBatchView, CreateCardBatchRequest};
use ringledger_shared::money::Currency;
use ringledger_shared::status::CardStatus;
use ringledger_shared::validate::{self, DisplayName};
use std::collections::HashSet;
use uuid::Uuid;

/// Most cards per batch.
const MAX_BATCH: u32 = 100_000;

crate::use_case_error! {
    /// Why a batch could not be generated.
    pub enum CreateBatchError {
        /// The tenant or the staff member's seller is gone.
        #[error("{0} not found")]
        NotFound(&'static str),
        /// Sixteen draws did not find enough unused values.
        #[error("could not find enough unused PINs; raise the PIN length in the settings")]
        ValuesExhausted,
    }
}

/// `n` random digit strings of `len`, unique among themselves and unused in
/// the tenant as PINs (or serials).
async fn unique_values(
    tx: &TenantTx,
    n: usize,
    len: usize,
    serial: bool,
) -> Result<Vec<String>, CreateBatchError> {
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
        let taken = tx.customers().taken_card_values(&fresh, serial).await?;
        chosen.extend(fresh.into_iter().filter(|v| !taken.contains(v)));
        if chosen.len() == n {
            return Ok(chosen.into_iter().collect());
        }
    }
    Err(CreateBatchError::ValuesExhausted)
}

/// The optional expiry date: a `YYYY-MM-DD` day, not in the past.
fn expiry(raw: Option<&str>, today: NaiveDate) -> Result<Option<NaiveDate>, AppError> {
    let expires_on = match raw.map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "expires_on must be a date like 2027-12-31",
            )
            .with_field("expires_on")
        })?),
        None => None,
    };
    if expires_on.is_some_and(|d| d < today) {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "expires_on is in the past")
                .with_field("expires_on"),
        );
    }
    Ok(expires_on)
}

/// Generates `quantity` cards (PIN of the seller's length, 12-digit serial,
/// both unique in the tenant) as unowned prepaid stock.
pub async fn create_batch(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    req: &CreateCardBatchRequest,
) -> Result<CardBatchView, CreateBatchError> {
    let name = DisplayName::parse("name", &req.name)?;
    if req.quantity == 0 || req.quantity > MAX_BATCH {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            format!("quantity must be 1 to {MAX_BATCH}"),
        )
        .with_field("quantity")
        .into());
    }
    let now = clock.now();
    let expires_on = expiry(req.expires_on.as_deref(), now.date_naive())?;
    let tx = repos.tenant(staff.tenant_id).await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or(CreateBatchError::NotFound("tenant"))?;
    let currency = Currency::parse(&tenant.currency).unwrap_or(Currency::USD);
    let balance = validate::price("initial_balance", &req.initial_balance, currency)?;
    let seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or(CreateBatchError::NotFound("seller"))?;
    let pin_len = seller.pin_length.clamp(4, 20) as usize;

    let batch = tx
        .customers()
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
    tx.customers().insert_cards(cards).await?;
    tx.commit().await?;
    Ok(card_batch_view(&batch))
}
