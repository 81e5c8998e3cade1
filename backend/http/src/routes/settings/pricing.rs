//! `GET` and `PUT /api/v1/settings/pricing`: how a reseller prices its
//! customers' calls on top of its parent's tariff.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{get, put, web};
use ringledger_core::error::AppError;
use ringledger_core::services::resellers::own_seller;
use ringledger_core::state::AppState;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::sellers;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::resellers::{PricingSettings, markup_value, parse_markup};
use ringledger_shared::status::MarkupKind;

fn view(s: &sellers::Model) -> PricingSettings {
    PricingSettings {
        markup_kind: s.markup_kind.to_string(),
        markup_value: s.markup_value.0.normalize().to_string(),
        deck_id: s.own_deck_id,
    }
}

/// The operator has no parent to price on.
fn reseller_only(s: &sellers::Model) -> ApiResult<()> {
    if s.parent_id.is_none() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "the operator's prices are its rate decks and plans; pricing on a parent is for resellers",
        ).into());
    }
    Ok(())
}

/// The reseller's pricing.
#[utoipa::path(get, path = "/api/v1/settings/pricing", tag = "resellers", security(("bearer" = [])),
    responses((status = 200, body = PricingSettings), (status = 403, body = ringledger_shared::error::ErrorBody)))]
#[get("/settings/pricing")]
pub async fn get_pricing(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<PricingSettings>> {
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let seller = own_seller(&tx, &staff).await?;
    tx.commit().await?;
    reseller_only(&seller)?;
    Ok(web::Json(view(&seller)))
}

/// Sets the reseller's pricing: a markup, or its own deck (rows below the
/// parent's price are raised to it; numbers the deck lacks sell at the
/// parent's price). Applies to calls rated from now on.
#[utoipa::path(put, path = "/api/v1/settings/pricing", tag = "resellers", request_body = PricingSettings, security(("bearer" = [])),
    responses((status = 200, body = PricingSettings), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 403, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/pricing")]
pub async fn put_pricing(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<PricingSettings>,
) -> ApiResult<web::Json<PricingSettings>> {
    let req = body.0;
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let mut seller = own_seller(&tx, &staff).await?;
    reseller_only(&seller)?;
    if req.markup_kind.trim() == "deck" {
        let deck = match req.deck_id {
            Some(id) => tx
                .deck(id)
                .await?
                .filter(|d| d.seller_id == Some(seller.id)),
            None => None,
        }
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "deck_id must name one of your own rate decks",
            )
            .with_field("deck_id")
        })?;
        seller.markup_kind = MarkupKind::Deck;
        seller.markup_value = DbDecimal::default();
        seller.own_deck_id = Some(deck.id);
    } else {
        let m = parse_markup(&req.markup_kind, &req.markup_value)?;
        seller.markup_kind = MarkupKind::of(&m);
        seller.markup_value = DbDecimal(markup_value(&m));
        seller.own_deck_id = None;
    }
    let saved = tx.update_seller_profile(seller).await?;
    tx.commit().await?;
    Ok(web::Json(view(&saved)))
}
