//! The operator's phone numbers: list, CSV import and export, status.

pub mod export_numbers;
pub mod import_numbers;
pub mod list_numbers;
pub mod set_number_status;

use ringledger_core::usecases::numbers::list_numbers::NumberSearch;
use serde::Deserialize;

/// Number search filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct NumberFilter {
    /// `free`, `reserved`, `assigned`, `porting_out` or `quarantined`.
    pub status: Option<String>,
    /// ISO 3166 alpha-2.
    pub country: Option<String>,
    /// Digits the number contains.
    pub digits: Option<String>,
    /// Held by this service.
    pub service_id: Option<uuid::Uuid>,
    /// Rows to skip.
    #[serde(default, deserialize_with = "crate::query::offset")]
    #[param(maximum = 10_000_000)]
    pub offset: u64,
    /// Rows per page, 1–500 (default 100).
    #[serde(default, deserialize_with = "crate::query::limit")]
    pub limit: Option<u64>,
}

impl NumberFilter {
    /// The search as the use case takes it.
    pub(crate) fn search(&self) -> NumberSearch<'_> {
        NumberSearch {
            status: self.status.as_deref(),
            country: self.country.as_deref(),
            digits: self.digits.as_deref(),
            service_id: self.service_id,
        }
    }
}
