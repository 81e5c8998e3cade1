//! The brand of the site the browser is on.

use super::{ApiError, get_json, send, url};
use gloo_net::http::Request;
use ringledger_shared::api::PortalView;
use ringledger_shared::api::routes;
use ringledger_shared::locale::Locale;

/// `GET /api/v1/portal`.
pub async fn get_portal() -> Result<PortalView, ApiError> {
    get_json(routes::GET_PORTAL.rel(), None).await
}

/// `GET /api/v1/portal/words/{language}`: the words of `locale` (a Fluent
/// source for `ringledger_shared::i18n::install`).
pub async fn get_words(locale: Locale) -> Result<String, ApiError> {
    let path = routes::PORTAL_WORDS.fill(&[&locale.tag()]);
    let response = send(Request::get(&url(&path)).build()).await?;
    let status = response.status();
    response
        .text()
        .await
        .map_err(|_| ApiError::unexpected(status))
}
