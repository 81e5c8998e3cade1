//! Fraud control: the seller's defaults, the operator's high-risk
//! prefixes, a customer's own rules, releases, and refused calls.

use super::catalog::{get_csv, query};
use super::{ApiError, get_json, post_json, put_json, read_json, send, url, with_token};
use gloo_net::http::Request;
use ringledger_shared::api::fraud::{
    CustomerFraud, CustomerFraudView, FraudSettings, HighRiskImported, HighRiskList,
    RefusedCallList,
};
use ringledger_shared::api::routes;
use uuid::Uuid;

/// `GET /api/v1/settings/fraud`.
pub async fn get_fraud_settings(token: &str) -> Result<FraudSettings, ApiError> {
    get_json(routes::GET_FRAUD_SETTINGS.rel(), Some(token)).await
}

/// `PUT /api/v1/settings/fraud`.
pub async fn put_fraud_settings(
    token: &str,
    settings: &FraudSettings,
) -> Result<FraudSettings, ApiError> {
    put_json(routes::PUT_FRAUD_SETTINGS.rel(), Some(token), settings).await
}

/// `GET /api/v1/fraud/high-risk-prefixes`.
pub async fn list_high_risk(token: &str) -> Result<HighRiskList, ApiError> {
    get_json(routes::LIST_HIGH_RISK.rel(), Some(token)).await
}

/// `PUT /api/v1/fraud/high-risk-prefixes` with the CSV `file`.
pub async fn import_high_risk(
    token: &str,
    file: web_sys::File,
) -> Result<HighRiskImported, ApiError> {
    let request = with_token(
        Request::put(&url(routes::IMPORT_HIGH_RISK.rel())),
        Some(token),
    )
    .header("Content-Type", "text/csv")
    .body(wasm_bindgen::JsValue::from(file));
    read_json(send(request).await?).await
}

/// `GET /api/v1/fraud/high-risk-prefixes/export.csv`: the file's name and text.
pub async fn export_high_risk(token: &str) -> Result<(Option<String>, String), ApiError> {
    get_csv(routes::EXPORT_HIGH_RISK.rel(), token).await
}

/// `GET /api/v1/customers/{id}/fraud`.
pub async fn get_customer_fraud(token: &str, id: Uuid) -> Result<CustomerFraudView, ApiError> {
    get_json(&routes::GET_CUSTOMER_FRAUD.fill(&[&id]), Some(token)).await
}

/// `PUT /api/v1/customers/{id}/fraud`.
pub async fn put_customer_fraud(
    token: &str,
    id: Uuid,
    rules: &CustomerFraud,
) -> Result<CustomerFraudView, ApiError> {
    put_json(&routes::PUT_CUSTOMER_FRAUD.fill(&[&id]), Some(token), rules).await
}

/// `POST /api/v1/customers/{id}/services/{service_id}/release`.
pub async fn release_service(
    token: &str,
    id: Uuid,
    service: Uuid,
) -> Result<CustomerFraudView, ApiError> {
    post_json(
        &routes::RELEASE_SERVICE.fill(&[&id, &service]),
        Some(token),
        &serde_json::json!({}),
    )
    .await
}

/// `GET /api/v1/cdrs/refused?customer_id=`.
pub async fn list_refused_calls(
    token: &str,
    customer: Option<Uuid>,
) -> Result<RefusedCallList, ApiError> {
    let qs = query(&[("customer_id", customer.map(|c| c.to_string()))]);
    get_json(
        &format!("{}{qs}", routes::LIST_REFUSED_CALLS.rel()),
        Some(token),
    )
    .await
}
