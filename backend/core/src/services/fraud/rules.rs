//! Reading and writing the rules: a seller's defaults and a customer's own.

use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::fraud::{CustomerFraud, FraudSettings};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

fn parse<T: DeserializeOwned>(text: &str) -> AppResult<T> {
    serde_json::from_str(text).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("stored fraud rules do not parse: {e}"),
        )
    })
}

/// The defaults of the nearest of `sellers` (nearest first) that set
/// some, and `customer`'s own rules (either empty when none were set).
pub async fn for_customer(
    tx: &TenantTx,
    sellers: &[Uuid],
    customer: Uuid,
) -> AppResult<(FraudSettings, CustomerFraud)> {
    let mut subjects = Vec::with_capacity(sellers.len() + 1);
    subjects.push(customer);
    subjects.extend_from_slice(sellers);
    let rows = tx.fraud().rules_of(&subjects).await?;
    let own = match rows.iter().find(|r| r.subject_id == customer) {
        Some(r) => parse(&r.rules)?,
        None => CustomerFraud::default(),
    };
    let settings = match sellers
        .iter()
        .find_map(|s| rows.iter().find(|r| r.subject_id == *s))
    {
        Some(r) => parse(&r.rules)?,
        None => FraudSettings::default(),
    };
    Ok((settings, own))
}

/// The defaults of the nearest of `sellers` (nearest first) that set some.
pub async fn for_sellers(tx: &TenantTx, sellers: &[Uuid]) -> AppResult<FraudSettings> {
    let rows = tx.fraud().rules_of(sellers).await?;
    match sellers
        .iter()
        .find_map(|s| rows.iter().find(|r| r.subject_id == *s))
    {
        Some(r) => parse(&r.rules),
        None => Ok(FraudSettings::default()),
    }
}

/// A seller's own defaults (empty when it set none).
pub async fn of_seller(tx: &TenantTx, seller: Uuid) -> AppResult<Option<FraudSettings>> {
    match tx.fraud().rules_of(&[seller]).await?.first() {
        Some(r) => Ok(Some(parse(&r.rules)?)),
        None => Ok(None),
    }
}

/// Stores the rules of a seller or a customer.
pub async fn save<T: Serialize>(
    tx: &TenantTx,
    subject: Uuid,
    rules: &T,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let text = serde_json::to_string(rules)
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    tx.fraud().set_rules(subject, text, now).await?;
    Ok(())
}
