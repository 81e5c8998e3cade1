//! Reading and writing the rules: a seller's defaults and a customer's own.

use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::fraud::{CustomerFraud, FraudLimits, FraudSettings};
use rust_decimal::Decimal;
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

/// What applies to one customer.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Its own rules (empty when none were set).
    pub own: CustomerFraud,
    /// The limits in force: its own, else its seller's defaults (the
    /// nearest seller up the tree that set some), each at most what every
    /// seller above its own seller set — a reseller cannot lift its
    /// parent's limits.
    pub limits: FraudLimits,
    /// When spend is anomalous: the strictest factor up the tree, with the
    /// floor of the seller that set it.
    pub anomaly: Option<(u32, Decimal)>,
}

/// The rules of the sellers `sellers` (the customer's seller first, then
/// its parents up to the operator) and of `customer` (none: `Uuid::nil()`).
pub async fn applied(tx: &TenantTx, sellers: &[Uuid], customer: Uuid) -> AppResult<Applied> {
    let mut subjects = Vec::with_capacity(sellers.len() + 1);
    subjects.push(customer);
    subjects.extend_from_slice(sellers);
    let rows = tx.fraud().rules_of(&subjects).await?;
    let own: CustomerFraud = match rows.iter().find(|r| r.subject_id == customer) {
        Some(r) => parse(&r.rules)?,
        None => CustomerFraud::default(),
    };
    // Each seller's settings, nearest first (those that set some).
    let mut chain: Vec<(usize, FraudSettings)> = Vec::new();
    for (i, s) in sellers.iter().enumerate() {
        if let Some(r) = rows.iter().find(|r| r.subject_id == *s) {
            chain.push((i, parse(&r.rules)?));
        }
    }
    let defaults = chain.first().map(|(_, s)| s.limits).unwrap_or_default();
    let mut limits = own.limits.or(defaults);
    for (_, above) in chain.iter().filter(|(i, _)| *i > 0) {
        limits = limits.capped_by(above.limits);
    }
    let anomaly = chain
        .iter()
        .filter_map(|(_, s)| s.anomaly_factor.map(|f| (f, s.anomaly_floor)))
        .min_by_key(|(f, _)| *f);
    Ok(Applied {
        own,
        limits,
        anomaly,
    })
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
