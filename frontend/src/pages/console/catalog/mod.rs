//! `/console/catalog…`: rate decks (upload, detail, price preview), and the
//! plans and bundles sold on them. A reseller sees the operator's decks and
//! uploads its own (its selling prices, see `/console/pricing`).

pub mod deck_detail;
pub mod decks;
pub mod plans;
mod preview;

use crate::api::ApiError;
use crate::contexts::{Session, use_session};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use ringledger_shared::api::catalog::DeckView;
use ringledger_shared::ids::SellerId;
use web_sys::js_sys::Date;

/// The catalog's own tabs, under the console nav.
#[component]
pub fn CatalogTabs() -> impl IntoView {
    let location = use_location();
    let on_plans = move || {
        location
            .pathname
            .with(|p| p.starts_with("/console/catalog/plans"))
    };
    let current = |yes: bool| yes.then_some("page");
    view! {
        <nav class="tabs" aria-label="Catalog">
            <a href="/console/catalog" aria-current=move || current(!on_plans())>
                "Rate decks"
            </a>
            <a href="/console/catalog/plans" aria-current=move || current(on_plans())>
                "Plans & bundles"
            </a>
        </nav>
    }
}

/// Today's date (UTC, as the server counts days), `YYYY-MM-DD`.
pub fn today_utc() -> String {
    let now = Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_utc_full_year(),
        now.get_utc_month() + 1,
        now.get_utc_date()
    )
}

/// The access token, or the error to show when the session is gone.
pub fn token(session: Session) -> Result<String, ApiError> {
    session.token().ok_or_else(ApiError::signed_out)
}

/// The operator's billing currency (from the session), if known.
pub fn operator_currency() -> Option<String> {
    let session = use_session();
    untrack(move || session.me())
        .and_then(|m| m.tenant)
        .map(|t| t.currency.to_string())
}

/// The seller the signed-in staff member works for (from the session).
pub fn my_seller(session: Session) -> Option<SellerId> {
    untrack(move || session.me()).and_then(|m| m.seller_id)
}

/// Whether `deck` is the reseller `me`'s own (not the operator's catalog).
pub fn is_own_deck(deck: &DeckView, me: Option<SellerId>) -> bool {
    deck.seller_id.is_some() && deck.seller_id == me.map(|m| m.as_uuid())
}

/// Whose a deck is, as a reseller reads the list: the operator's catalog
/// or its own.
pub fn deck_owner(deck: &DeckView, me: Option<SellerId>) -> &'static str {
    match deck.seller_id {
        None => "Operator's",
        Some(_) if is_own_deck(deck, me) => "Yours",
        Some(_) => "Another reseller's",
    }
}

#[cfg(test)]
mod tests {
    use super::{deck_owner, is_own_deck};
    use ringledger_shared::api::catalog::DeckView;
    use ringledger_shared::ids::SellerId;
    use uuid::Uuid;

    fn deck(seller_id: Option<Uuid>) -> DeckView {
        DeckView {
            id: Uuid::nil(),
            name: "Retail".into(),
            currency: "GBP".into(),
            versions: Vec::new(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            seller_id,
        }
    }

    #[test]
    fn decks_are_the_operators_or_the_resellers_own() {
        let me = Uuid::from_u128(7);
        let other = Uuid::from_u128(8);
        let mine = Some(SellerId(me));
        assert_eq!(deck_owner(&deck(None), mine), "Operator's");
        assert_eq!(deck_owner(&deck(Some(me)), mine), "Yours");
        assert_eq!(deck_owner(&deck(Some(other)), mine), "Another reseller's");
        assert!(is_own_deck(&deck(Some(me)), mine));
        assert!(!is_own_deck(&deck(None), mine));
        assert!(!is_own_deck(&deck(None), None));
    }
}
