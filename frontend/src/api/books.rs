//! The books (issue 17): a seller's trial balance, its journal, its
//! postings as CSV, the operator's check, and a customer's statement.

use super::catalog::{get_csv, query};
use super::{ApiError, get_json};
use ringledger_shared::api::Page;
use ringledger_shared::api::books::{BooksCheckReport, JournalView, StatementView, TrialBalance};
use ringledger_shared::api::routes;
use uuid::Uuid;

/// `?from=&to=` (empty days left out: the server's defaults, this month
/// so far), with `extra` pairs after them.
fn period_query(from: &str, to: &str, extra: &[(&'static str, &str)]) -> String {
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let mut pairs = vec![("from", text(from)), ("to", text(to))];
    pairs.extend(extra.iter().map(|(k, v)| (*k, text(v))));
    query(&pairs)
}

/// `GET /api/v1/books/trial-balance?from=&to=`.
pub async fn trial_balance(token: &str, from: &str, to: &str) -> Result<TrialBalance, ApiError> {
    let qs = period_query(from, to, &[]);
    get_json(&format!("{}{qs}", routes::TRIAL_BALANCE.rel()), Some(token)).await
}

/// `GET /api/v1/books/journals?from=&to=&kind=&q=` (newest first, at most 500).
pub async fn list_journals(
    token: &str,
    from: &str,
    to: &str,
    kind: &str,
    q: &str,
) -> Result<Page<JournalView>, ApiError> {
    let qs = period_query(from, to, &[("kind", kind), ("q", q)]);
    get_json(&format!("{}{qs}", routes::LIST_JOURNALS.rel()), Some(token)).await
}

/// `GET /api/v1/books/postings.csv?from=&to=`: the file's name and text.
pub async fn export_postings_csv(
    token: &str,
    from: &str,
    to: &str,
) -> Result<(Option<String>, String), ApiError> {
    get_csv(
        &format!("/books/postings.csv{}", period_query(from, to, &[])),
        token,
    )
    .await
}

/// `GET /api/v1/books/check` (the operator's staff only).
pub async fn check_books(token: &str) -> Result<BooksCheckReport, ApiError> {
    get_json(routes::CHECK_BOOKS.rel(), Some(token)).await
}

/// `GET /api/v1/customers/{id}/statement?from=&to=`.
pub async fn customer_statement(
    token: &str,
    id: Uuid,
    from: &str,
    to: &str,
) -> Result<StatementView, ApiError> {
    let qs = period_query(from, to, &[]);
    get_json(
        &format!("{}{qs}", routes::GET_STATEMENT.fill(&[&id])),
        Some(token),
    )
    .await
}
