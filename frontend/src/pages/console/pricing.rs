//! `/console/pricing` (resellers only): how the reseller prices its
//! customers' calls on top of what its operator charges it — a markup in
//! percent or per minute, or one of its own rate decks (uploaded under
//! Catalog → Rate decks).

use super::catalog::{is_own_deck, my_seller, token};
use crate::api::{self, ApiError};
use crate::components::{
    ChoiceField, FormAlert, FormErrors, SaveButton, SelectField, TextField, load_error,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::catalog::DeckView;
use ringledger_shared::api::resellers::{PricingSettings, parse_markup};
use ringledger_shared::error::FieldError;
use uuid::Uuid;

/// `(markup_kind, text)` of each way to price.
const PRICING_KINDS: &[(&str, &str)] = &[
    ("percent", "Percent markup"),
    ("per_minute", "Per-minute markup"),
    ("deck", "My own deck"),
];

/// The hint under "Markup value", for the chosen kind.
fn value_hint(kind: &str, currency: &str) -> String {
    if kind == "per_minute" {
        format!("Added to what your operator charges you per minute, in {currency}, e.g. 0.015.")
    } else {
        "Percent added to what your operator charges you for a call (rate and connect fee), e.g. 20."
            .to_owned()
    }
}

/// The request the form sends, or the field errors it would get back
/// (checked here first, as the server does).
fn pricing_request(
    kind: &str,
    value: &str,
    deck: &str,
) -> Result<PricingSettings, Vec<FieldError>> {
    if kind == "deck" {
        let deck_id = Uuid::parse_str(deck.trim()).map_err(|_| {
            vec![FieldError::new(
                "deck_id",
                "Choose one of your own rate decks.",
            )]
        })?;
        return Ok(PricingSettings {
            markup_kind: kind.to_owned(),
            markup_value: String::new(),
            deck_id: Some(deck_id),
        });
    }
    let value = value.trim();
    parse_markup(kind, value).map_err(|e| vec![e])?;
    Ok(PricingSettings {
        markup_kind: kind.to_owned(),
        markup_value: value.to_owned(),
        deck_id: None,
    })
}

/// The pricing page.
#[component]
pub fn PricingPage() -> impl IntoView {
    let session = use_session();
    if !untrack(move || session.is_reseller()) {
        return view! {
            <h1>"Pricing"</h1>
            <p class="muted">
                "Pricing on top of a parent's tariff is for resellers. As the operator, your prices are your "
                <a href="/console/catalog">"rate decks and plans"</a>
                "."
            </p>
        }
        .into_any();
    }
    let loaded: LocalResource<Result<(PricingSettings, Vec<DeckView>), ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move {
                let token = token?;
                let pricing = api::get_pricing(&token).await?;
                let decks = api::list_decks(&token).await?.items;
                Ok((pricing, decks))
            }
        });
    let me = my_seller(session);
    view! {
        <h1>"Pricing"</h1>
        <p class="muted">
            "How your customers' calls are priced on top of what your operator charges you. A change prices the calls rated from then on; calls already rated keep their price."
        </p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading your pricing…"</p> }>
            {move || loaded.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok((pricing, decks)) => {
                    let own: Vec<DeckView> = decks.into_iter().filter(|d| is_own_deck(d, me)).collect();
                    view! { <PricingForm session=session initial=pricing own_decks=own /> }.into_any()
                }
            })}
        </Transition>
    }
    .into_any()
}

/// "Pricing", "Markup value" (for a markup) or "Deck" (for an own deck),
/// "Save pricing".
#[component]
fn PricingForm(
    session: Session,
    initial: PricingSettings,
    /// The reseller's own decks (the only ones it may price from).
    own_decks: Vec<DeckView>,
) -> impl IntoView {
    let initial_kind = if PRICING_KINDS.iter().any(|(k, _)| *k == initial.markup_kind) {
        initial.markup_kind
    } else {
        "percent".to_owned()
    };
    let by_deck = initial_kind == "deck";
    let kind = RwSignal::new(initial_kind);
    // A deck pricing has no markup value (the server says 0).
    let value = RwSignal::new(if by_deck {
        String::new()
    } else {
        initial.markup_value
    });
    let deck = RwSignal::new(initial.deck_id.map(|d| d.to_string()).unwrap_or_default());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let currency = untrack(move || session.me())
        .and_then(|m| m.tenant)
        .map(|t| t.currency.to_string())
        .unwrap_or_default();
    let has_decks = !own_decks.is_empty();
    let deck_options = deck_options(&own_decks);
    let by_deck = move || kind.with(|k| k == "deck");

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form_error.set(None);
        saved.set(false);
        if by_deck() && !has_decks {
            errors.clear();
            return form_error.set(Some(
                "Upload a rate deck of your own first (Catalog → Rate decks).".to_owned(),
            ));
        }
        let request = match pricing_request(
            &kind.get_untracked(),
            &value.get_untracked(),
            &deck.get_untracked(),
        ) {
            Ok(r) => r,
            Err(invalid) => return errors.set_all(invalid),
        };
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::put_pricing(&token, &request).await {
                Ok(p) => {
                    let by_deck = p.markup_kind == "deck";
                    kind.set(p.markup_kind);
                    value.set(if by_deck {
                        String::new()
                    } else {
                        p.markup_value
                    });
                    deck.set(p.deck_id.map(|d| d.to_string()).unwrap_or_default());
                    saved.set(true);
                }
                Err(e) => errors.show_server_unprefixed(&e, form_error),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="catalog-form" aria-labelledby="pricing-heading">
            <h2 id="pricing-heading">"Your selling prices"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <SelectField id="markup_kind" label="Pricing" value=kind errors=errors options=PRICING_KINDS />
                <Show when=move || !by_deck()>
                    <TextField id="markup_value" label="Markup value" value=value errors=errors
                        inputmode="decimal" required=true
                        hint={
                            let currency = currency.clone();
                            move || {
                                let currency = currency.clone();
                                view! { {move || value_hint(&kind.get(), &currency)} }
                            }
                        } />
                </Show>
                <Show when=by_deck>
                    {deck_choice(has_decks, deck, errors, deck_options)}
                </Show>
                <SaveButton label="Save pricing" busy=busy saved=saved done="Pricing saved." />
            </form>
        </section>
    }
}

/// "Choose a deck", then each of the reseller's own decks.
fn deck_options(own_decks: &[DeckView]) -> Signal<Vec<(String, String)>> {
    let mut options = vec![(String::new(), "Choose a deck".to_owned())];
    options.extend(
        own_decks
            .iter()
            .map(|d| (d.id.to_string(), format!("{} ({})", d.name, d.currency))),
    );
    Signal::derive(move || options.clone())
}

/// "Deck" (one of the reseller's own), or how to upload one when it has
/// none.
fn deck_choice(
    has_decks: bool,
    deck: RwSignal<String>,
    errors: FormErrors,
    deck_options: Signal<Vec<(String, String)>>,
) -> AnyView {
    if has_decks {
        view! {
            <ChoiceField id="deck_id" label="Deck" value=deck errors=errors options=deck_options
                hint="Your deck's rates, raised to your operator's price wherever they are lower. Calls it has no rate for sell at your operator's price." />
        }
        .into_any()
    } else {
        view! {
            <div class="notice">
                <p><strong>"You have no rate deck of your own yet."</strong></p>
                <p>
                    "Upload one first under "
                    <a href="/console/catalog">"Catalog → Rate decks"</a>
                    "; it then shows here."
                </p>
            </div>
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::pricing_request;
    use uuid::Uuid;

    #[test]
    fn markups_are_checked_before_sending() {
        let ok = pricing_request("percent", " 20 ", "")
            .ok()
            .unwrap_or_default();
        assert_eq!(
            (ok.markup_kind.as_str(), ok.markup_value.as_str()),
            ("percent", "20")
        );
        assert_eq!(ok.deck_id, None);
        let fields = |r: Result<_, Vec<ringledger_shared::error::FieldError>>| {
            r.err()
                .unwrap_or_default()
                .iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(pricing_request("percent", "-1", "")),
            ["markup_value"]
        );
        assert_eq!(
            fields(pricing_request("per_minute", "", "")),
            ["markup_value"]
        );
        assert_eq!(fields(pricing_request("fixed", "1", "")), ["markup_kind"]);
    }

    #[test]
    fn a_deck_pricing_names_its_deck() {
        let id = Uuid::from_u128(42);
        let ok = pricing_request("deck", "ignored", &id.to_string())
            .ok()
            .unwrap_or_default();
        assert_eq!(ok.deck_id, Some(id));
        assert_eq!(ok.markup_value, "");
        let missing = pricing_request("deck", "", "").err().unwrap_or_default();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].field, "deck_id");
    }
}
