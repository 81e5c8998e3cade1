//! Calls: the operator's call detail records (search, CSV export, re-rating)
//! and the customer's usage and calls.

use super::catalog::{get_csv, query};
use super::{ApiError, get_json, post_json};
use ringledger_shared::api::Page;
use ringledger_shared::api::calls::{CdrView, RerateResponse, RevenueView, UsageView};
use ringledger_shared::api::my_calls::MyCallView;
use ringledger_shared::api::routes;
use uuid::Uuid;

/// The filters of the console's Calls page (empty strings: no filter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CdrFilter {
    /// Only this customer's calls.
    pub customer_id: Option<Uuid>,
    /// Part of the dialled number or of the identifier.
    pub number: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
    /// `rated`, `rejected` or empty.
    pub status: String,
}

impl CdrFilter {
    fn pairs(&self) -> Vec<(&'static str, Option<String>)> {
        let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        vec![
            ("customer_id", self.customer_id.map(|id| id.to_string())),
            ("number", text(&self.number)),
            ("from", text(&self.from)),
            ("to", text(&self.to)),
            ("status", text(&self.status)),
        ]
    }
}

/// `GET /api/v1/cdrs?customer_id=&number=&from=&to=&status=&offset=&limit=`.
pub async fn list_cdrs(
    token: &str,
    filter: &CdrFilter,
    offset: u64,
    limit: u64,
) -> Result<Page<CdrView>, ApiError> {
    let mut pairs = filter.pairs();
    pairs.push(("offset", Some(offset.to_string())));
    pairs.push(("limit", Some(limit.to_string())));
    get_json(&format!("/cdrs{}", query(&pairs)), Some(token)).await
}

/// `GET /api/v1/cdrs/export.csv?…`: the file's name and text.
pub async fn export_cdrs_csv(
    token: &str,
    filter: &CdrFilter,
) -> Result<(Option<String>, String), ApiError> {
    get_csv(
        &format!("/cdrs/export.csv{}", query(&filter.pairs())),
        token,
    )
    .await
}

/// `POST /api/v1/cdrs/rerate`: kept (rejected) records are rated again.
pub async fn rerate_cdrs(token: &str) -> Result<RerateResponse, ApiError> {
    post_json(
        routes::RERATE_CDRS.rel(),
        Some(token),
        &serde_json::json!({}),
    )
    .await
}

/// `GET /api/v1/my/usage?from=&to=` (empty: the current billing period).
pub async fn my_usage(token: &str, from: &str, to: &str) -> Result<UsageView, ApiError> {
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let qs = query(&[("from", text(from)), ("to", text(to))]);
    get_json(&format!("{}{qs}", routes::GET_USAGE.rel()), Some(token)).await
}

/// `GET /api/v1/reports/revenue?from=&to=` (empty: this month so far).
pub async fn revenue(token: &str, from: &str, to: &str) -> Result<RevenueView, ApiError> {
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let qs = query(&[("from", text(from)), ("to", text(to))]);
    get_json(&format!("{}{qs}", routes::REVENUE.rel()), Some(token)).await
}

/// The filters of the customer's call history (empty strings: no filter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MyCallFilter {
    /// Only this service's calls.
    pub service_id: Option<Uuid>,
    /// Part of the number called.
    pub number: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
}

impl MyCallFilter {
    fn pairs(&self) -> Vec<(&'static str, Option<String>)> {
        let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        vec![
            ("service_id", self.service_id.map(|id| id.to_string())),
            ("number", text(&self.number)),
            ("from", text(&self.from)),
            ("to", text(&self.to)),
        ]
    }
}

/// `GET /api/v1/my/calls?…`: a page of the customer's calls.
pub async fn my_calls(
    token: &str,
    filter: &MyCallFilter,
    offset: u64,
    limit: u64,
) -> Result<Page<MyCallView>, ApiError> {
    let mut pairs = filter.pairs();
    pairs.push(("offset", Some(offset.to_string())));
    pairs.push(("limit", Some(limit.to_string())));
    get_json(
        &format!("{}{}", routes::MY_CALLS.rel(), query(&pairs)),
        Some(token),
    )
    .await
}

/// `GET /api/v1/my/calls/export.csv?…`: the file's name and text.
pub async fn export_my_calls_csv(
    token: &str,
    filter: &MyCallFilter,
) -> Result<(Option<String>, String), ApiError> {
    get_csv(
        &format!(
            "{}{}",
            routes::EXPORT_MY_CALLS.rel(),
            query(&filter.pairs())
        ),
        token,
    )
    .await
}
