//! `GET` and `PUT /api/v1/settings/brand`: the name, colours and contact
//! details the seller's portal, e-mails and invoices show.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{get, put, web};
use ringledger_core::error::AppError;
use ringledger_core::services::resellers::own_seller;
use ringledger_core::state::AppState;
use ringledger_db::entities::sellers;
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::resellers::BrandSettings;

/// The brand of a seller as the API shows it.
pub(crate) async fn brand_view(tx: &TenantTx, s: &sellers::Model) -> ApiResult<BrandSettings> {
    Ok(BrandSettings {
        name: s.name.clone(),
        primary_color: s.primary_color.clone(),
        accent_color: s.accent_color.clone(),
        support_email: s.support_email.clone().unwrap_or_default(),
        address: s.address.clone(),
        tax_id: s.tax_id.clone(),
        has_logo: tx.has_logo(s.id).await?,
    })
}

/// The current brand.
#[utoipa::path(get, path = "/api/v1/settings/brand", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = BrandSettings)))]
#[get("/settings/brand")]
pub async fn get_brand(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<BrandSettings>> {
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let seller = own_seller(&tx, &staff).await?;
    let view = brand_view(&tx, &seller).await?;
    tx.commit().await?;
    Ok(web::Json(view))
}

/// Replaces the brand (`has_logo` is ignored: the logo has its own route).
#[utoipa::path(put, path = "/api/v1/settings/brand", tag = "settings", request_body = BrandSettings, security(("bearer" = [])),
    responses((status = 200, body = BrandSettings), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/brand")]
pub async fn put_brand(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<BrandSettings>,
) -> ApiResult<web::Json<BrandSettings>> {
    let b = body.0.parse().map_err(AppError::from_fields)?;
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let mut seller = own_seller(&tx, &staff).await?;
    seller.name = b.name.as_str().to_owned();
    seller.primary_color = b.primary_color.as_str().to_owned();
    seller.accent_color = b.accent_color.as_str().to_owned();
    seller.support_email = b.support_email.map(|e| e.to_string());
    seller.address = b.address;
    seller.tax_id = b.tax_id;
    let saved = tx.update_seller_profile(seller).await?;
    let view = brand_view(&tx, &saved).await?;
    tx.commit().await?;
    Ok(web::Json(view))
}
