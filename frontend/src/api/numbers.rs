//! The operator's phone numbers: list, CSV import and export, status.

use super::catalog::{get_csv, query};
use super::{ApiError, get_json, post_json, read_json, send, url, with_token};
use gloo_net::http::Request;
use ringledger_shared::api::Page;
use ringledger_shared::api::numbers::{NumberStatusRequest, NumbersImported, PhoneNumberView};
use ringledger_shared::api::routes;
use uuid::Uuid;

/// A search of the inventory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NumberFilter {
    /// A status, or empty.
    pub status: String,
    /// A country code, or empty.
    pub country: String,
    /// Digits of the number, or empty.
    pub digits: String,
    /// Held by this service.
    pub service_id: Option<Uuid>,
}

impl NumberFilter {
    fn query(&self, extra: &[(&str, Option<String>)]) -> String {
        let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let mut pairs = vec![
            ("status", some(&self.status)),
            ("country", some(&self.country)),
            ("digits", some(&self.digits)),
            ("service_id", self.service_id.map(|s| s.to_string())),
        ];
        pairs.extend_from_slice(extra);
        query(&pairs)
    }
}

/// `GET /api/v1/numbers`.
pub async fn list_numbers(
    token: &str,
    filter: &NumberFilter,
    limit: u64,
) -> Result<Page<PhoneNumberView>, ApiError> {
    let qs = filter.query(&[("limit", Some(limit.to_string()))]);
    get_json(&format!("{}{qs}", routes::LIST_NUMBERS.rel()), Some(token)).await
}

/// `POST /api/v1/numbers/import` with the CSV `file`.
pub async fn import_numbers(token: &str, file: web_sys::File) -> Result<NumbersImported, ApiError> {
    let request = with_token(
        Request::post(&url(routes::IMPORT_NUMBERS.rel())),
        Some(token),
    )
    .header("Content-Type", "text/csv")
    .body(wasm_bindgen::JsValue::from(file));
    read_json(send(request).await?).await
}

/// `GET /api/v1/numbers/export.csv`: the file's name and text.
pub async fn export_numbers(
    token: &str,
    filter: &NumberFilter,
) -> Result<(Option<String>, String), ApiError> {
    let qs = filter.query(&[]);
    get_csv(&format!("{}{qs}", routes::EXPORT_NUMBERS.rel()), token).await
}

/// `POST /api/v1/numbers/{id}/status`.
pub async fn set_number_status(
    token: &str,
    id: Uuid,
    request: &NumberStatusRequest,
) -> Result<PhoneNumberView, ApiError> {
    post_json(
        &routes::SET_NUMBER_STATUS.fill(&[&id]),
        Some(token),
        request,
    )
    .await
}
