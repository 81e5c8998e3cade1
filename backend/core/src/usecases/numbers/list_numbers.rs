//! `GET /api/v1/numbers` (and its CSV export): the inventory by status,
//! country and digits.

use super::view;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::{NumberQuery, Repos};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::Page;
use ringledger_shared::api::numbers::{NumberStatus, PhoneNumberView};
use ringledger_shared::ids::AccountId;
use std::collections::HashSet;

/// A search as the edge received it.
#[derive(Debug, Clone, Default)]
pub struct NumberSearch<'a> {
    /// A status (`free`, `reserved`, `assigned`, `porting_out`, `quarantined`).
    pub status: Option<&'a str>,
    /// ISO 3166 alpha-2.
    pub country: Option<&'a str>,
    /// Digits the number contains.
    pub digits: Option<&'a str>,
    /// Held by this service.
    pub service_id: Option<uuid::Uuid>,
}

fn invalid(field: &str, message: &str) -> AppError {
    AppError::new(ErrorCode::ValidationFailed, message.to_owned()).with_field(field.to_owned())
}

impl NumberSearch<'_> {
    fn query(&self, staff: &StaffPrincipal) -> Result<NumberQuery, AppError> {
        let status = match self.status.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(
                NumberStatus::parse(s)
                    .ok_or_else(|| {
                        invalid(
                            "status",
                            "status is free, reserved, assigned, porting_out or quarantined",
                        )
                    })?
                    .as_str()
                    .to_owned(),
            ),
        };
        let country = match self.country.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(c) if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) => {
                Some(c.to_ascii_uppercase())
            }
            Some(_) => return Err(invalid("country", "country is a two-letter code (GB, FR)")),
        };
        let digits: String = self
            .digits
            .unwrap_or_default()
            .chars()
            .filter(|c| !matches!(c, ' ' | '+' | '-' | '(' | ')'))
            .collect();
        if digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid(
                "digits",
                "digits are up to 15 digits of the number",
            ));
        }
        Ok(NumberQuery {
            status,
            country,
            digits: Some(digits).filter(|d| !d.is_empty()),
            service_id: self.service_id,
            now: Some(staff.origin.at),
        })
    }
}

/// A page of the numbers `search` finds, in number order.
pub async fn list_numbers(
    repos: &Repos,
    staff: &StaffPrincipal,
    search: &NumberSearch<'_>,
    offset: u64,
    limit: u64,
) -> Result<Page<PhoneNumberView>, AppError> {
    let q = search.query(staff)?;
    let tx = StaffTx::open_read(repos, staff).await?;
    let (rows, total) = tx.numbers().list_numbers(&q, offset, limit).await?;
    // A reseller's staff see the inventory, and which service holds a
    // number only when the holder is one of their customers.
    let mine: HashSet<uuid::Uuid> = if tx.scope().is_operator {
        HashSet::new()
    } else {
        let held: Vec<AccountId> = rows
            .iter()
            .filter_map(|n| n.account_id.map(AccountId))
            .collect();
        // Unscoped read, filtered by scope right after.
        let all: &ringledger_db::repo::TenantTx = &tx;
        all.usage()
            .accounts_by_ids(&held)
            .await?
            .into_iter()
            .filter(|a| tx.scope().contains(a.seller_id))
            .map(|a| a.id.as_uuid())
            .collect()
    };
    let operator = tx.scope().is_operator;
    tx.commit().await?;
    if !operator
        && q.service_id.is_some()
        && !rows
            .iter()
            .all(|n| n.account_id.is_some_and(|a| mine.contains(&a)))
    {
        return Ok(Page {
            items: Vec::new(),
            total: 0,
        });
    }
    let now = staff.origin.at;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|n| {
                let visible = operator || n.account_id.is_some_and(|a| mine.contains(&a));
                let mut v = view(n, now);
                if !visible {
                    v.service_id = None;
                }
                v
            })
            .collect(),
        total,
    })
}
