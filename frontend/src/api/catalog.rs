//! The catalog: rate decks (read side; uploads are in `upload`), destination
//! groups, plans and bundles.

use super::{ApiError, get_json, post_json, send, url, with_token};
use gloo_net::http::Request;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::{
    BundleView, CreateBundleRequest, CreateGroupRequest, CreatePlanRequest, DeckView, GroupView,
    PlanView, RateMatchResponse, RateView,
};
use ringledger_shared::api::routes;
use uuid::Uuid;
use web_sys::js_sys::encode_uri_component;

/// `key=value` pairs as a query string (`?…`, empty when there are none).
pub(super) fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .map(|v| format!("{k}={}", String::from(encode_uri_component(v))))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// `GET /api/v1/rate-decks` (the first 500, by name): the operator's decks
/// (`seller_id` none) and, for a reseller, its own.
pub async fn list_decks(token: &str) -> Result<Page<DeckView>, ApiError> {
    get_json(
        &format!("{}?limit=500", routes::LIST_DECKS.rel()),
        Some(token),
    )
    .await
}

/// `GET /api/v1/rate-decks/{id}`.
pub async fn get_deck(token: &str, id: Uuid) -> Result<DeckView, ApiError> {
    get_json(&routes::GET_DECK.fill(&[&id]), Some(token)).await
}

/// `GET /api/v1/rate-decks/{id}/rates?q=&version_id=&offset=&limit=`.
pub async fn search_rates(
    token: &str,
    id: Uuid,
    q: &str,
    version_id: Option<Uuid>,
    offset: u64,
    limit: u64,
) -> Result<Page<RateView>, ApiError> {
    let qs = query(&[
        ("q", (!q.trim().is_empty()).then(|| q.trim().to_owned())),
        ("version_id", version_id.map(|v| v.to_string())),
        ("offset", Some(offset.to_string())),
        ("limit", Some(limit.to_string())),
    ]);
    get_json(
        &format!("{}{qs}", routes::SEARCH_RATES.fill(&[&id])),
        Some(token),
    )
    .await
}

/// `GET /api/v1/rate-decks/{id}/match?number=&version_id=`.
pub async fn match_rates(
    token: &str,
    id: Uuid,
    number: &str,
    version_id: Option<Uuid>,
) -> Result<RateMatchResponse, ApiError> {
    let qs = query(&[
        ("number", Some(number.to_owned())),
        ("version_id", version_id.map(|v| v.to_string())),
    ]);
    get_json(
        &format!("{}{qs}", routes::MATCH_RATES.fill(&[&id])),
        Some(token),
    )
    .await
}

/// `GET /api/v1/rate-decks/{id}/export.csv?version_id=`: the file's name
/// (from `Content-Disposition`, if any) and its text.
pub async fn export_deck_csv(
    token: &str,
    id: Uuid,
    version_id: Option<Uuid>,
) -> Result<(Option<String>, String), ApiError> {
    let qs = query(&[("version_id", version_id.map(|v| v.to_string()))]);
    get_csv(&format!("{}{qs}", routes::EXPORT_DECK.fill(&[&id])), token).await
}

/// `GET {path}` with the bearer token: the file's name (from
/// `Content-Disposition`, if any) and its text.
pub(super) async fn get_csv(path: &str, token: &str) -> Result<(Option<String>, String), ApiError> {
    let response = send(with_token(Request::get(&url(path)), Some(token)).build()).await?;
    let filename = response
        .headers()
        .get("content-disposition")
        .and_then(|d| filename_of(&d));
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|_| ApiError::unexpected(status))?;
    Ok((filename, text))
}

/// The `filename="…"` of a `Content-Disposition` header.
fn filename_of(disposition: &str) -> Option<String> {
    let start = disposition.find("filename=\"")? + "filename=\"".len();
    let rest = &disposition[start..];
    let end = rest.find('"')?;
    let name = &rest[..end];
    (!name.is_empty()).then(|| name.to_owned())
}

/// `GET /api/v1/destination-groups`.
pub async fn list_groups(token: &str) -> Result<Page<GroupView>, ApiError> {
    get_json(routes::LIST_GROUPS.rel(), Some(token)).await
}

/// `POST /api/v1/destination-groups`.
pub async fn create_group(
    token: &str,
    request: &CreateGroupRequest,
) -> Result<GroupView, ApiError> {
    post_json(routes::CREATE_GROUP.rel(), Some(token), request).await
}

/// `GET /api/v1/plans`.
pub async fn list_plans(token: &str) -> Result<Page<PlanView>, ApiError> {
    get_json(routes::LIST_PLANS.rel(), Some(token)).await
}

/// `POST /api/v1/plans`.
pub async fn create_plan(token: &str, request: &CreatePlanRequest) -> Result<PlanView, ApiError> {
    post_json(routes::CREATE_PLAN.rel(), Some(token), request).await
}

/// `GET /api/v1/bundles`.
pub async fn list_bundles(token: &str) -> Result<Page<BundleView>, ApiError> {
    get_json(routes::LIST_BUNDLES.rel(), Some(token)).await
}

/// `POST /api/v1/bundles`.
pub async fn create_bundle(
    token: &str,
    request: &CreateBundleRequest,
) -> Result<BundleView, ApiError> {
    post_json(routes::CREATE_BUNDLE.rel(), Some(token), request).await
}

#[cfg(test)]
mod tests {
    use super::filename_of;

    #[test]
    fn filenames() {
        assert_eq!(
            filename_of("attachment; filename=\"UK-2026-11-26.csv\"").as_deref(),
            Some("UK-2026-11-26.csv")
        );
        assert_eq!(filename_of("attachment"), None);
    }
}
