//! The books (issue 17): the check, a seller's trial balance, its journal,
//! and its postings as CSV. A seller's staff see that seller's own books;
//! the check covers the whole tenant and is the operator's.

pub mod check_books;
pub mod export_postings;
pub mod list_journals;
pub mod trial_balance;

use crate::error::ApiResult;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ringledger_core::error::{AppError, AppResult};
use ringledger_shared::ErrorCode;
use serde::Deserialize;

/// A period of whole days.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    /// First day, `YYYY-MM-DD` (default: the first of this month).
    pub from: Option<String>,
    /// Last day, inclusive, `YYYY-MM-DD` (default: today).
    pub to: Option<String>,
}

/// A parsed period: `[start, end)` in UTC, and its days.
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The last day, inclusive.
    pub to: NaiveDate,
    /// Midnight (UTC) starting `from`.
    pub start: DateTime<Utc>,
    /// Midnight (UTC) ending `to`.
    pub end: DateTime<Utc>,
}

fn day(field: &str, s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::new(ErrorCode::ValidationFailed, "a day is written YYYY-MM-DD")
            .with_field(field.to_owned())
    })
}

impl PeriodQuery {
    /// Parses the days (`today` fills the defaults).
    pub fn parse(&self, today: NaiveDate) -> ApiResult<Period> {
        let from = match self.from.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(s) => day("from", s)?,
            None => today.with_day(1).unwrap_or(today),
        };
        let to = match self.to.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(s) => day("to", s)?,
            None => today,
        };
        if to < from {
            return Err(AppError::new(
                ErrorCode::ValidationFailed,
                "the period ends before it starts",
            )
            .with_field("to")
            .into());
        }
        let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        Ok(Period {
            from,
            to,
            start: midnight(from),
            end: midnight(to.succ_opt().unwrap_or(to)),
        })
    }
}
