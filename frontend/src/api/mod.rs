//! Typed client of the REST API (`/api/v1`) over the `ringledger-shared` wire
//! types: one function per route, each returning `Result<T, ApiError>`.
//!
//! Requests go to the same origin the SPA is served from, so the browser sends
//! (and stores) the http-only `rl_refresh` cookie by itself.

mod admin;
mod audit;
mod auth;
mod billing;
mod books;
mod calls;
mod catalog;
mod customers;
mod fraud;
mod numbers;
mod payments;
mod portal;
mod resellers;
mod team;
mod upload;
mod webhooks;

pub use admin::{list_tenants, reactivate_tenant, suspend_tenant};
pub use audit::{export_events, list_events};
pub use auth::{
    find_console, login, logout, me, refresh, resend_verification, signup, verify_staff_email,
};
pub use billing::{
    customer_invoices, get_bill_run, get_billing_settings, invoice_pdf, list_bill_runs,
    list_invoices, my_invoice, my_invoices, put_billing_settings, start_bill_run, void_invoice,
};
pub use books::{
    check_books, customer_statement, export_postings_csv, list_journals, trial_balance,
};
pub use calls::{
    CdrFilter, MyCallFilter, export_cdrs_csv, export_my_calls_csv, list_cdrs, my_calls, my_usage,
    rerate_cdrs, revenue,
};
pub use catalog::{
    create_bundle, create_group, create_plan, export_deck_csv, get_deck, list_bundles, list_decks,
    list_groups, list_plans, match_rates, search_rates,
};
pub use customers::{
    add_my_number, add_my_service, change_my_password, create_batch, create_customer,
    create_switch_key, customer_login, customer_signup, export_batch_csv, first_steps,
    get_account_settings, get_customer, get_offers, list_batches, list_customers, list_switch_keys,
    lookup_rates, my_account, put_account_settings, register_my_card, remove_my_number,
    reset_my_password, reveal_credentials, revoke_switch_key, set_customer_itemized,
    set_customer_status, set_my_itemized, set_my_language, verify_email,
};
pub use fraud::{
    export_high_risk, get_customer_fraud, get_fraud_settings, import_high_risk, list_high_risk,
    list_refused_calls, put_customer_fraud, put_fraud_settings, release_service,
};
pub use numbers::{
    NumberFilter, export_numbers, get_on_net, give_back_my_number, import_numbers, list_numbers,
    offered_numbers, put_on_net, reserve_number, set_number_status, take_my_number,
};
pub use payments::{
    confirm_checkout, connect_stripe, customer_payments, disconnect_stripe, export_payments,
    get_payment_settings, get_subscription, list_payments, my_payment_profile, pay_invoice,
    record_payment, refund_payment, remove_my_card, save_my_card, set_auto_top_up,
    subscription_checkout, top_up,
};
pub use portal::{get_portal, get_words};
pub use resellers::{
    PORTAL_LOGO, check_logo, create_reseller, delete_logo, get_brand, get_pricing, get_reseller,
    get_reseller_settings, get_wholesale, list_resellers, margin_report, put_brand, put_pricing,
    put_reseller_settings, update_reseller, upload_logo, verify_domain,
};
pub use team::{
    accept_invitation, confirm_password_reset, confirm_two_factor, create_api_key,
    disable_two_factor, invite_member, list_api_keys, list_sessions, list_team,
    request_password_reset, require_two_factor, resend_invitation, revoke_api_key,
    revoke_invitation, revoke_session, set_member_active, setup_two_factor, update_member,
};
pub use upload::{DeckUpload, upload_deck};
pub use webhooks::{
    create_webhook_endpoint, delete_webhook_endpoint, list_webhook_deliveries,
    list_webhook_endpoints, replay_webhook_delivery, update_webhook_endpoint,
};

use gloo_net::http::{Request, RequestBuilder, Response};
use ringledger_shared::ErrorCode;
use ringledger_shared::error::{ErrorBody, FieldError};
use ringledger_shared::rating::deck_csv::DeckProblem;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// Prefix of every API route.
const BASE: &str = "/api/v1";

/// An error answer of the API (or a failure to reach it), ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status; `0` when the server could not be reached.
    pub status: u16,
    /// Machine-readable code.
    pub code: ErrorCode,
    /// Human-readable message, safe to show.
    pub message: String,
    /// The request field at fault, when there is one.
    pub field: Option<String>,
    /// Every problem of an uploaded deck (`invalid_deck`), by line.
    pub problems: Vec<DeckProblem>,
}

impl ApiError {
    fn network() -> Self {
        Self {
            status: 0,
            code: ErrorCode::ServiceUnavailable,
            message: "Could not reach the server. Check your connection and try again.".into(),
            field: None,
            problems: Vec::new(),
        }
    }

    fn unexpected(status: u16) -> Self {
        Self {
            status,
            code: ErrorCode::Internal,
            message: format!(
                "The server gave an unexpected answer (HTTP {status}). Please try again."
            ),
            field: None,
            problems: Vec::new(),
        }
    }

    /// The session is gone (no access token to send).
    pub fn signed_out() -> Self {
        Self {
            status: 401,
            code: ErrorCode::AuthenticationRequired,
            message: "Your session has ended. Sign in again.".to_owned(),
            field: None,
            problems: Vec::new(),
        }
    }

    /// What an address names does not exist (e.g. its id is no UUID).
    pub fn not_found(message: &str) -> Self {
        Self {
            status: 404,
            code: ErrorCode::NotFound,
            message: message.to_owned(),
            field: None,
            problems: Vec::new(),
        }
    }

    /// Reads an error envelope (any status), or describes the unexpected answer.
    fn from_body(status: u16, body: &str) -> Self {
        match serde_json::from_str::<ErrorBody>(body) {
            Ok(body) => body.into_api_error(status),
            Err(_) => Self::unexpected(status),
        }
    }
}

trait IntoApiError {
    fn into_api_error(self, status: u16) -> ApiError;
}

impl IntoApiError for ErrorBody {
    fn into_api_error(self, status: u16) -> ApiError {
        ApiError {
            status,
            code: self.error.code,
            message: self.error.message,
            field: self.error.field,
            problems: self.error.problems.unwrap_or_default(),
        }
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        Self {
            status: 400,
            code: ErrorCode::ValidationFailed,
            message: e.message,
            field: Some(e.field.to_owned()),
            problems: Vec::new(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

fn with_token(builder: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    match token {
        Some(t) => builder.header("Authorization", &format!("Bearer {t}")),
        None => builder,
    }
}

/// Sends the request; a non-2xx answer becomes an [`ApiError`] read from the
/// error envelope.
async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let request = request.map_err(|_| ApiError::network())?;
    let response = request.send().await.map_err(|_| ApiError::network())?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(body.into_api_error(status)),
        Err(_) => Err(ApiError::unexpected(status)),
    }
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    response
        .json::<T>()
        .await
        .map_err(|_| ApiError::unexpected(status))
}

/// `GET {path}` and decode the JSON answer.
async fn get_json<T: DeserializeOwned>(path: &str, token: Option<&str>) -> Result<T, ApiError> {
    let response = send(with_token(Request::get(&url(path)), token).build()).await?;
    read_json(response).await
}

/// `POST {path}` with a JSON body; the answer is returned undecoded.
async fn post<B: Serialize + ?Sized>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<Response, ApiError> {
    send(with_token(Request::post(&url(path)), token).json(body)).await
}

/// `POST {path}` with a JSON body and decode the JSON answer.
async fn post_json<B: Serialize + ?Sized, T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<T, ApiError> {
    read_json(post(path, token, body).await?).await
}

/// `PUT {path}` with a JSON body and decode the JSON answer.
async fn put_json<B: Serialize + ?Sized, T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<T, ApiError> {
    let response = send(with_token(Request::put(&url(path)), token).json(body)).await?;
    read_json(response).await
}

/// `PATCH {path}` with a JSON body and decode the JSON answer.
async fn patch_json<B: Serialize + ?Sized, T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<T, ApiError> {
    let response = send(with_token(Request::patch(&url(path)), token).json(body)).await?;
    read_json(response).await
}

/// `DELETE {path}`; the answer is returned undecoded.
async fn delete(path: &str, token: Option<&str>) -> Result<Response, ApiError> {
    send(with_token(Request::delete(&url(path)), token).build()).await
}
