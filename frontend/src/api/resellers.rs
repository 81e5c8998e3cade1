//! Resellers (`/api/v1/resellers`, the operator's rules for them under
//! `/api/v1/settings/resellers`), the seller's brand
//! (`/api/v1/settings/brand`, its logo), a reseller's pricing
//! (`/api/v1/settings/pricing`) and wholesale account (`/api/v1/wholesale`),
//! and the margin report.

use super::{ApiError, delete, get_json, post_json, put_json, read_json, send, url, with_token};
use gloo_net::http::Request;
use ringledger_shared::api::resellers::{
    BrandSettings, CreateResellerRequest, MAX_LOGO_BYTES, MarginReport, PricingSettings,
    ResellerSettings, ResellerView, UpdateResellerRequest, WholesaleStatement, logo_type,
};
use ringledger_shared::api::routes;
use ringledger_shared::error::FieldError;
use uuid::Uuid;
use web_sys::js_sys::Uint8Array;

/// Where the portal's logo is served (public, by host).
pub const PORTAL_LOGO: &str = routes::GET_LOGO.path;

/// `GET /api/v1/resellers`: every reseller below the caller's seller.
pub async fn list_resellers(token: &str) -> Result<Vec<ResellerView>, ApiError> {
    get_json(routes::LIST_RESELLERS.rel(), Some(token)).await
}

/// `POST /api/v1/resellers`: a reseller directly under the caller's seller.
pub async fn create_reseller(
    token: &str,
    request: &CreateResellerRequest,
) -> Result<ResellerView, ApiError> {
    post_json(routes::CREATE_RESELLER.rel(), Some(token), request).await
}

/// `GET /api/v1/resellers/{id}`.
pub async fn get_reseller(token: &str, id: Uuid) -> Result<ResellerView, ApiError> {
    get_json(&routes::GET_RESELLER.fill(&[&id]), Some(token)).await
}

/// `PATCH /api/v1/resellers/{id}`: new terms (markup, fee, custom domain).
pub async fn update_reseller(
    token: &str,
    id: Uuid,
    request: &UpdateResellerRequest,
) -> Result<ResellerView, ApiError> {
    let path = url(&routes::UPDATE_RESELLER.fill(&[&id]));
    let response = send(with_token(Request::patch(&path), Some(token)).json(request)).await?;
    read_json(response).await
}

/// `POST /api/v1/resellers/{id}/domain/verify`: looks the custom domain's
/// TXT record up; maps the domain when it holds the challenge.
pub async fn verify_domain(token: &str, id: Uuid) -> Result<ResellerView, ApiError> {
    post_json(
        &routes::VERIFY_DOMAIN.fill(&[&id]),
        Some(token),
        &serde_json::json!({}),
    )
    .await
}

/// `GET /api/v1/settings/resellers`: the operator's rules for resellers
/// (a reseller's staff get 403).
pub async fn get_reseller_settings(token: &str) -> Result<ResellerSettings, ApiError> {
    get_json(routes::GET_RESELLER_SETTINGS.rel(), Some(token)).await
}

/// `PUT /api/v1/settings/resellers`: the saved rules.
pub async fn put_reseller_settings(
    token: &str,
    settings: &ResellerSettings,
) -> Result<ResellerSettings, ApiError> {
    put_json(routes::PUT_RESELLER_SETTINGS.rel(), Some(token), settings).await
}

/// `GET /api/v1/wholesale`: the signed-in reseller's account with its
/// parent and its wholesale invoices (the operator, having no parent, gets
/// 403).
pub async fn get_wholesale(token: &str) -> Result<WholesaleStatement, ApiError> {
    get_json(routes::WHOLESALE.rel(), Some(token)).await
}

/// `GET /api/v1/settings/brand`.
pub async fn get_brand(token: &str) -> Result<BrandSettings, ApiError> {
    get_json(routes::GET_BRAND.rel(), Some(token)).await
}

/// `PUT /api/v1/settings/brand`: the saved brand.
pub async fn put_brand(token: &str, brand: &BrandSettings) -> Result<BrandSettings, ApiError> {
    put_json(routes::PUT_BRAND.rel(), Some(token), brand).await
}

/// `GET /api/v1/settings/pricing`: how the signed-in reseller prices its
/// customers' calls (the operator, having no parent, gets 403).
pub async fn get_pricing(token: &str) -> Result<PricingSettings, ApiError> {
    get_json(routes::GET_PRICING.rel(), Some(token)).await
}

/// `PUT /api/v1/settings/pricing`: a markup, or one of the reseller's own
/// decks; the saved pricing.
pub async fn put_pricing(
    token: &str,
    pricing: &PricingSettings,
) -> Result<PricingSettings, ApiError> {
    put_json(routes::PUT_PRICING.rel(), Some(token), pricing).await
}

/// Checks a logo before it is sent: its image type (by its first bytes, as
/// the server does), or the error to show beside the `logo` field.
pub fn check_logo(bytes: &[u8]) -> Result<&'static str, FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new("logo", "Choose an image file."));
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(FieldError::new(
            "logo",
            format!(
                "The image is {} KiB; a logo may be at most {} KiB.",
                bytes.len().div_ceil(1024),
                MAX_LOGO_BYTES / 1024
            ),
        ));
    }
    logo_type(bytes)
        .ok_or_else(|| FieldError::new("logo", "The file is not a PNG, JPEG, GIF or WebP image."))
}

/// `PUT /api/v1/settings/brand/logo` with the image as the request body
/// (checked first with [`check_logo`]).
pub async fn upload_logo(token: &str, bytes: &[u8]) -> Result<BrandSettings, ApiError> {
    let content_type = check_logo(bytes)?;
    let body = Uint8Array::from(bytes);
    let request = with_token(Request::put(&url(routes::PUT_LOGO.rel())), Some(token))
        .header("Content-Type", content_type)
        .body(body);
    read_json(send(request).await?).await
}

/// `DELETE /api/v1/settings/brand/logo`.
pub async fn delete_logo(token: &str) -> Result<BrandSettings, ApiError> {
    read_json(delete(routes::DELETE_LOGO.rel(), Some(token)).await?).await
}

/// `GET /api/v1/reports/margin?days=N`: revenue, cost and margin per day.
pub async fn margin_report(token: &str, days: u32) -> Result<MarginReport, ApiError> {
    get_json(
        &format!("{}?days={days}", routes::MARGIN.rel()),
        Some(token),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::check_logo;
    use ringledger_shared::api::resellers::MAX_LOGO_BYTES;

    #[test]
    fn logos_are_checked_before_upload() {
        assert_eq!(check_logo(b"\x89PNG\r\n\x1a\n...."), Ok("image/png"));
        assert!(check_logo(b"<svg/>").is_err());
        assert!(check_logo(b"").is_err());
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_LOGO_BYTES + 1, 0);
        let e = check_logo(&big)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(e.contains("at most 256 KiB"), "{e}");
    }
}
