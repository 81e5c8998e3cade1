//! [`RequestSite`]: the site a request's `Host` header names (the platform
//! or a seller's portal); `404 portal_not_found` when it names none.

use super::app_state;
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use ringledger_core::error::AppError;
use ringledger_core::site::{Site, host_name, resolve};
use ringledger_shared::ErrorCode;

/// The site a request was sent to.
#[derive(Debug, Clone)]
pub struct RequestSite(pub Site);

/// The host name of a request, lower-cased, without port or trailing dot.
/// Only the `Host` header counts: forwarded headers are not trusted.
pub fn request_host(req: &HttpRequest) -> String {
    let raw = req
        .headers()
        .get(actix_web::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().host())
        .unwrap_or("");
    host_name(raw)
}

impl FromRequest for RequestSite {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let (state, host) = (app_state(req), request_host(req));
        Box::pin(async move {
            let site = resolve(&state?, &host).await?.ok_or_else(|| {
                AppError::new(
                    ErrorCode::PortalNotFound,
                    format!("no portal is served at {host}"),
                )
            })?;
            Ok(RequestSite(site))
        })
    }
}
