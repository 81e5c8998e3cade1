//! How a reseller prices its customers' calls on top of its parent's
//! tariff: a markup, or its own rate deck.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::services::resellers::own_seller;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::sellers;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::resellers::{PricingSettings, markup_value, parse_markup};
use ringledger_shared::ids::DeckId;
use ringledger_shared::status::MarkupKind;

crate::use_case_error! {
    /// Why the pricing could not be read or set.
    pub enum PricingError {
        /// The operator has no parent to price on.
        #[error("the operator's prices are its rate decks and plans; pricing on a parent is for resellers")]
        NotReseller,
    }
}

fn view(s: &sellers::Model) -> PricingSettings {
    PricingSettings {
        markup_kind: s.markup_kind.to_string(),
        markup_value: s.markup_value.0.normalize().to_string(),
        deck_id: s.own_deck_id.map(Into::into),
    }
}

/// The operator has no parent to price on.
fn reseller_only(s: &sellers::Model) -> Result<(), PricingError> {
    if s.parent_id.is_none() {
        return Err(PricingError::NotReseller);
    }
    Ok(())
}

/// The reseller's pricing.
pub async fn get_pricing(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<PricingSettings, PricingError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let seller = own_seller(&tx, staff).await?;
    tx.commit().await?;
    reseller_only(&seller)?;
    Ok(view(&seller))
}

/// Sets the reseller's pricing: a markup, or its own deck (rows below the
/// parent's price are raised to it; numbers the deck lacks sell at the
/// parent's price). Applies to calls rated from now on.
pub async fn put_pricing(
    repos: &Repos,
    staff: &StaffPrincipal,
    req: &PricingSettings,
) -> Result<PricingSettings, PricingError> {
    let tx = repos.tenant(staff.tenant_id).await?;
    let mut seller = own_seller(&tx, staff).await?;
    reseller_only(&seller)?;
    let before = view(&seller);
    if req.markup_kind.trim() == "deck" {
        let deck = match req.deck_id {
            Some(id) => tx
                .catalog()
                .deck(DeckId(id))
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
    let saved = tx.sellers().update_seller_profile(seller).await?;
    let event = Event::new("pricing.changed", "seller", staff.seller_id)
        .changes(Changes::diff(&before, &view(&saved)));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(view(&saved))
}
