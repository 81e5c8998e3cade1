//! What a handler takes from a request besides its path and query: the
//! JSON body (errors name the field), the signed-in principal, the switch
//! behind an API key, the site the `Host` header names, and the client's
//! address (behind trusted proxies too). Each rejects
//! with the one error envelope; a handler cannot run without them.

pub mod client;
pub mod json;
pub mod principal;
pub mod site;
pub mod switch;
pub mod text_body;

pub use client::{ClientIp, TrustedProxies, client_ip};
pub use json::{JsonBody, JsonBytes, MAX_JSON_BYTES, parse_json};
pub use principal::{Admin, AdminEnrolling, Caller, Customer, Operator, Staff};
pub use site::{RequestSite, request_host};
pub use switch::Switch;
pub use text_body::read_text;

use crate::error::ApiError;
use actix_web::{HttpRequest, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;

/// The process-wide state (`500` if the app was assembled without it).
pub fn app_state(req: &HttpRequest) -> Result<AppState, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .map(|d| d.get_ref().clone())
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no app state")).into())
}

/// The `Authorization` header's text, if any.
pub fn authorization(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
}
