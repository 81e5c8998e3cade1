//! Phone numbers: the operator's inventory (list, CSV import and export,
//! status), the on-net rate, and the portal's side — the free numbers a
//! visitor reserves for a sign-up, and those a customer takes or gives back.

use super::catalog::{get_csv, query};
use super::{ApiError, delete, get_json, post_json, put_json, read_json, send, url, with_token};
use gloo_net::http::Request;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::ServiceView;
use ringledger_shared::api::numbers::{
    NumberPick, NumberReservation, NumberStatusRequest, NumbersImported, OfferedNumber,
    OnNetSettings, PhoneNumberView,
};
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

/// `GET /api/v1/settings/on-net`: what a call to one of the tenant's own
/// numbers costs.
pub async fn get_on_net(token: &str) -> Result<OnNetSettings, ApiError> {
    get_json(routes::GET_ON_NET.rel(), Some(token)).await
}

/// `PUT /api/v1/settings/on-net` (the operator's staff): the saved rate.
pub async fn put_on_net(token: &str, settings: &OnNetSettings) -> Result<OnNetSettings, ApiError> {
    put_json(routes::PUT_ON_NET.rel(), Some(token), settings).await
}

/// `GET /api/v1/portal/numbers?country=&digits=` (public): free numbers
/// priced as this portal charges (empty `country` or `digits`: any).
pub async fn offered_numbers(country: &str, digits: &str) -> Result<Vec<OfferedNumber>, ApiError> {
    let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let qs = query(&[("country", some(country)), ("digits", some(digits))]);
    get_json(&format!("{}{qs}", routes::PORTAL_NUMBERS.rel()), None).await
}

/// `POST /api/v1/portal/numbers/{id}/reserve` (public, no body): the number
/// is held for the sign-up that presents the answer's secret.
pub async fn reserve_number(id: Uuid) -> Result<NumberReservation, ApiError> {
    let request = Request::post(&url(&routes::RESERVE_NUMBER.fill(&[&id]))).build();
    read_json(send(request).await?).await
}

/// `POST /api/v1/my/services/{id}/numbers`: the customer's phone takes a
/// number; the answer is the service with its numbers.
pub async fn take_my_number(
    token: &str,
    service_id: Uuid,
    pick: &NumberPick,
) -> Result<ServiceView, ApiError> {
    post_json(&routes::TAKE_NUMBER.fill(&[&service_id]), Some(token), pick).await
}

/// `DELETE /api/v1/my/services/{id}/numbers/{number_id}`: the customer
/// gives a number back (billed until today, then quarantined).
pub async fn give_back_my_number(
    token: &str,
    service_id: Uuid,
    number_id: Uuid,
) -> Result<(), ApiError> {
    let path = routes::GIVE_BACK_NUMBER.fill(&[&service_id, &number_id]);
    delete(&path, Some(token)).await.map(|_| ())
}
