//! The "New destination group" and "New plan" forms of
//! `/console/catalog/plans`.

use super::{Done, SERVICE_KINDS};
use crate::api;
use crate::components::{ChoiceField, FormAlert, FormErrors, SelectField, TextField};
use crate::contexts::Session;
use crate::pages::console::catalog::token;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::catalog::{CreateGroupRequest, CreatePlanRequest};
use ringledger_shared::error::FieldError;
use ringledger_shared::validate::{self, DisplayName};
use uuid::Uuid;

/// "New destination group": its name and prefixes.
#[component]
pub(super) fn GroupForm(
    session: Session,
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let prefixes = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        done.set(None);
        let mut invalid = Vec::new();
        if let Err(e) = DisplayName::parse("name", &name.get_untracked()) {
            invalid.push(e);
        }
        let raw = prefixes.get_untracked();
        let list: Vec<String> = raw
            .split([',', ' ', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        if list.is_empty() {
            invalid.push(FieldError::new("prefixes", "must list at least one prefix"));
        } else if let Some(e) = list
            .iter()
            .find_map(|p| validate::prefix("prefixes", p).err())
        {
            invalid.push(e);
        }
        if !invalid.is_empty() {
            return errors.set_all(invalid);
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let request = CreateGroupRequest {
            name: name.get_untracked().trim().to_owned(),
            prefixes: list,
        };
        busy.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_group(&token, &request).await {
                Ok(g) => {
                    done.set(Some(format!("Destination group “{}” created.", g.name)));
                    name.set(String::new());
                    prefixes.set(String::new());
                    on_created();
                }
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="group-form-heading">
            <h2 id="group-form-heading">"New destination group"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <div class="field-row">
                    <TextField id="group-name" field="name" label="Group name" value=name errors=errors required=true />
                    <TextField
                        id="group-prefixes"
                        field="prefixes"
                        label="Prefixes"
                        value=prefixes
                        errors=errors
                        required=true
                        placeholder="447, 4420"
                        hint=|| "Digits of international numbers, separated by commas."
                    />
                </div>
                <div>
                    <button type="submit" class="button" disabled=move || busy.get()>
                        "Create group"
                    </button>
                </div>
                <Done message=done />
            </form>
        </section>
    }
}

/// Chooses the rate deck when there is only one (a new operator's first
/// plan needs no choice); the user may still pick "No rate deck".
pub(super) fn default_to_only_deck(deck: RwSignal<String>, options: Signal<Vec<(String, String)>>) {
    Effect::new(move |_| {
        let only = options.with(|o| {
            let mut real = o.iter().filter(|(id, _)| !id.is_empty());
            match (real.next(), real.next()) {
                (Some((id, _)), None) => Some(id.clone()),
                _ => None,
            }
        });
        if let Some(id) = only
            && deck.with_untracked(String::is_empty)
        {
            deck.set(id);
        }
    });
}

/// "New plan": its name, service, rate deck and monthly fee.
#[component]
pub(super) fn PlanForm(
    session: Session,
    deck_options: Signal<Vec<(String, String)>>,
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("calling_card".to_owned());
    let deck = RwSignal::new(String::new());
    default_to_only_deck(deck, deck_options);
    let fee = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        done.set(None);
        let mut invalid = Vec::new();
        if let Err(e) = DisplayName::parse("name", &name.get_untracked()) {
            invalid.push(e);
        }
        let deck_id = deck.with_untracked(|d| Uuid::parse_str(d).ok());
        let monthly_fee = fee.with_untracked(|f| {
            let f = f.trim();
            (!f.is_empty()).then(|| f.to_owned())
        });
        if deck_id.is_none() && monthly_fee.is_none() {
            invalid.push(FieldError::new(
                "deck_id",
                "a plan needs a rate deck (per minute), a monthly fee (flat rate), or both",
            ));
        }
        if !invalid.is_empty() {
            return errors.set_all(invalid);
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let request = CreatePlanRequest {
            name: name.get_untracked().trim().to_owned(),
            service_kind: kind.get_untracked(),
            deck_id,
            monthly_fee,
        };
        busy.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_plan(&token, &request).await {
                Ok(p) => {
                    done.set(Some(format!("Plan “{}” created.", p.name)));
                    name.set(String::new());
                    fee.set(String::new());
                    on_created();
                }
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="plan-form-heading">
            <h2 id="plan-form-heading">"New plan"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <div class="field-row">
                    <TextField id="plan-name" field="name" label="Plan name" value=name errors=errors required=true />
                    <SelectField id="plan-kind" label="Service" value=kind errors=errors options=SERVICE_KINDS />
                </div>
                <div class="field-row">
                    <ChoiceField
                        id="plan-deck"
                        field="deck_id"
                        label="Rate deck"
                        value=deck
                        errors=errors
                        options=deck_options
                        hint="Prices calls per minute."
                    />
                    <TextField
                        id="plan-fee"
                        field="monthly_fee"
                        label="Monthly fee"
                        value=fee
                        errors=errors
                        inputmode="decimal"
                        hint=|| "Optional: a flat monthly price, e.g. 9.99."
                    />
                </div>
                <div>
                    <button type="submit" class="button" disabled=move || busy.get()>
                        "Create plan"
                    </button>
                </div>
                <Done message=done />
            </form>
        </section>
    }
}
