//! The operator's CDRs: search, CSV export, re-rating of kept records.

pub mod export_cdrs;
pub mod list_cdrs;
pub mod list_refused;
pub mod rerate_cdrs;

use ringledger_core::usecases::cdrs::CdrFilter;
use serde::Deserialize;
use uuid::Uuid;

/// CDR search filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CdrSearch {
    /// Only this customer's calls.
    pub customer_id: Option<Uuid>,
    /// Part of the dialled number or of the identifier.
    #[serde(default)]
    pub number: String,
    /// From this day or instant (`YYYY-MM-DD` or RFC 3339), inclusive.
    pub from: Option<String>,
    /// Until this day (exclusive of the next) or instant.
    pub to: Option<String>,
    /// `rated` or `rejected`.
    pub status: Option<String>,
    /// Rows to skip.
    #[serde(default, deserialize_with = "crate::query::offset")]
    #[param(maximum = 10_000_000)]
    pub offset: u64,
    /// Rows per page, 1–500 (default 100).
    #[serde(default, deserialize_with = "crate::query::limit")]
    pub limit: Option<u64>,
}

impl CdrSearch {
    /// The filters as the search use cases take them (checked there).
    pub(crate) fn filter(&self) -> CdrFilter<'_> {
        CdrFilter {
            customer_id: self.customer_id,
            number: &self.number,
            from: self.from.as_deref(),
            to: self.to.as_deref(),
            status: self.status.as_deref(),
            offset: self.offset,
        }
    }
}
