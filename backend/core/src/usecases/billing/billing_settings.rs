//! The seller's invoicing settings: invoice prefix, address, tax id, tax
//! mode, payment terms, tax rates by customer country, and the digits of
//! called numbers hidden from customers' call history.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::tax_rates;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::billing::{BillingSettings, TaxRateView};
use ringledger_shared::api::my_calls::MAX_MASKED_DIGITS;
use ringledger_shared::billing::TaxMode;
use rust_decimal::Decimal;
use uuid::Uuid;

crate::use_case_error! {
    /// Why the settings could not be read or saved.
    pub enum BillingSettingsError {
        /// The staff's seller is gone.
        #[error("seller not found")]
        SellerNotFound,
    }
}

/// The staff's seller's invoicing settings.
pub async fn billing_settings(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<BillingSettings, BillingSettingsError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or(BillingSettingsError::SellerNotFound)?;
    let rates = tx.billing().tax_rates_of(seller.id).await?;
    tx.commit().await?;
    Ok(BillingSettings {
        invoice_prefix: seller.invoice_prefix,
        address: seller.address,
        tax_id: seller.tax_id,
        tax_mode: seller.tax_mode.as_str().to_owned(),
        payment_terms_days: seller.payment_terms_days.max(0) as u32,
        mask_called_digits: seller.mask_called_digits.max(0) as u32,
        itemized_invoices: seller.itemized_invoices,
        tax_rates: rates
            .into_iter()
            .map(|r| TaxRateView {
                country: r.country,
                name: r.name,
                rate: r.rate.0.normalize().to_string(),
            })
            .collect(),
    })
}

fn problem(field: String, message: &str) -> AppError {
    AppError::new(ErrorCode::ValidationFailed, format!("{field}: {message}")).with_field(field)
}

/// Checks the settings; answers the tax mode and the tax rate rows to
/// store, or the first problem.
fn check(
    staff: &StaffPrincipal,
    b: &BillingSettings,
) -> Result<(Option<TaxMode>, Vec<tax_rates::Model>), AppError> {
    let mut errors = Vec::new();
    let prefix = b.invoice_prefix.trim();
    if prefix.is_empty()
        || prefix.len() > 10
        || !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
    {
        errors.push(problem(
            "invoice_prefix".into(),
            "1 to 10 letters, digits, - or /",
        ));
    }
    if b.address.len() > 500 {
        errors.push(problem("address".into(), "at most 500 characters"));
    }
    if b.tax_id.trim().len() > 64 {
        errors.push(problem("tax_id".into(), "at most 64 characters"));
    }
    let tax_mode = TaxMode::parse(&b.tax_mode);
    if tax_mode.is_none() {
        errors.push(problem("tax_mode".into(), "exclusive or inclusive"));
    }
    if b.payment_terms_days > 120 {
        errors.push(problem("payment_terms_days".into(), "0 to 120 days"));
    }
    if b.mask_called_digits > MAX_MASKED_DIGITS {
        errors.push(problem("mask_called_digits".into(), "0 to 6 digits"));
    }
    let mut rates = Vec::new();
    let mut countries = std::collections::HashSet::new();
    for (i, r) in b.tax_rates.iter().enumerate() {
        let country = r.country.trim().to_ascii_uppercase();
        if !(country.is_empty()
            || (country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase())))
        {
            errors.push(problem(
                format!("tax_rates[{i}].country"),
                "a two-letter country code, or empty for every other country",
            ));
        }
        if !countries.insert(country.clone()) {
            errors.push(problem(
                format!("tax_rates[{i}].country"),
                "each country once",
            ));
        }
        let name = r.name.trim();
        if name.is_empty() || name.len() > 40 {
            errors.push(problem(
                format!("tax_rates[{i}].name"),
                "1 to 40 characters",
            ));
        }
        match r.rate.trim().parse::<Decimal>() {
            Ok(rate)
                if rate >= Decimal::ZERO && rate <= Decimal::ONE_HUNDRED && rate.scale() <= 4 =>
            {
                rates.push(tax_rates::Model {
                    tenant_id: staff.tenant_id.as_uuid(),
                    id: Uuid::now_v7(),
                    seller_id: staff.seller_id.as_uuid(),
                    country,
                    name: name.to_owned(),
                    rate: DbDecimal(rate),
                })
            }
            _ => errors.push(problem(
                format!("tax_rates[{i}].rate"),
                "a percentage from 0 to 100",
            )),
        }
    }
    match errors.into_iter().next() {
        Some(first) => Err(first),
        None => Ok((tax_mode, rates)),
    }
}

/// Saves the staff's seller's invoicing settings (the first problem is
/// named); answers them as stored.
pub async fn save_billing_settings(
    repos: &Repos,
    staff: &StaffPrincipal,
    request: &BillingSettings,
) -> Result<BillingSettings, BillingSettingsError> {
    let (tax_mode, rates) = check(staff, request)?;
    let before = billing_settings(repos, staff).await?;
    let tx = repos.tenant(staff.tenant_id).await?;
    let mut seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or(BillingSettingsError::SellerNotFound)?;
    seller.invoice_prefix = request.invoice_prefix.trim().to_owned();
    seller.address = request.address.trim().to_owned();
    seller.tax_id = request.tax_id.trim().to_owned();
    if let Some(mode) = tax_mode {
        seller.tax_mode = mode;
    }
    seller.payment_terms_days = request.payment_terms_days as i32;
    seller.mask_called_digits = request.mask_called_digits as i32;
    seller.itemized_invoices = request.itemized_invoices;
    tx.billing().update_seller_billing(seller).await?;
    tx.billing()
        .replace_tax_rates(staff.seller_id.as_uuid(), rates)
        .await?;
    let mut after = request.clone();
    after.tax_rates = before.tax_rates.clone();
    let mut changes = Changes::diff(&before, &after);
    if serde_json::to_value(&before.tax_rates).ok() != serde_json::to_value(&request.tax_rates).ok()
    {
        changes = changes.set("tax_rates", &before.tax_rates, &request.tax_rates);
    }
    let event = Event::new("settings.billing_changed", "seller", staff.seller_id).changes(changes);
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    billing_settings(repos, staff).await
}
