//! "Fraud control" on the Settings page: the limits the seller's customers
//! have unless given their own, and when an hour's spend is anomalous.

use super::high_risk::HighRiskSection;
use super::limits::{LimitInputs, LimitsFields};
use crate::api::{self, ApiError};
use crate::components::{FormAlert, FormErrors, SaveButton, TextField, load_error};
use crate::contexts::Session;
use crate::pages::console::catalog::token;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::fraud::FraudSettings;

/// The section (and, below it, the high-risk prefixes).
#[component]
pub fn FraudSettingsSection(session: Session, can_edit: bool, operator: bool) -> impl IntoView {
    let settings: LocalResource<Result<FraudSettings, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::get_fraud_settings(&token?).await }
    });
    view! {
        <section class="catalog-form" aria-labelledby="fraud-heading">
            <h2 id="fraud-heading">"Fraud control"</h2>
            <p class="muted">"Limits every authorization checks, for each of your customers unless you give one its own on its page. A refused call answers its reason to the switch and is listed on the Calls page."</p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading fraud control…"</p> }>
                {move || settings.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(s) => view! { <FraudForm session=session initial=s can_edit=can_edit /> }.into_any(),
                })}
            </Transition>
            <HighRiskSection session=session can_edit=can_edit && operator />
        </section>
    }
}

#[component]
fn FraudForm(session: Session, initial: FraudSettings, can_edit: bool) -> impl IntoView {
    let inputs = LimitInputs::new(&initial.limits);
    let factor = RwSignal::new(
        initial
            .anomaly_factor
            .map(|f| f.to_string())
            .unwrap_or_default(),
    );
    let floor = RwSignal::new(initial.anomaly_floor.to_string());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        saved.set(false);
        let mut bad = Vec::new();
        let limits = inputs.parse().unwrap_or_else(|e| {
            bad.extend(e);
            Default::default()
        });
        let factor_text = factor.get_untracked().trim().to_owned();
        let anomaly_factor = if factor_text.is_empty() {
            None
        } else {
            factor_text.parse().ok().or_else(|| {
                bad.push((
                    "anomaly_factor".into(),
                    "must be a whole number, or empty".into(),
                ));
                None
            })
        };
        let anomaly_floor = floor.get_untracked().trim().parse().unwrap_or_else(|_| {
            bad.push(("anomaly_floor".into(), "must be an amount like 5.00".into()));
            Default::default()
        });
        if !bad.is_empty() {
            return errors.set_pairs(bad);
        }
        let request = FraudSettings {
            limits,
            anomaly_factor,
            anomaly_floor,
        };
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::put_fraud_settings(&token, &request).await {
                Ok(_) => saved.set(true),
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate aria-label="Fraud control">
            <FormAlert message=form_error />
            <LimitsFields inputs=inputs errors=errors />
            <fieldset class="field">
                <legend>"Unusual spend"</legend>
                <div class="field-row">
                    <TextField id="anomaly_factor" label="Suspend a service above this many times the usual hour" value=factor
                        errors=errors inputmode="numeric" maxlength=4
                        hint=|| "2 to 1000, or empty to never suspend. The operator and the customer are e-mailed; you release the service on the customer's page." />
                    <TextField id="anomaly_floor" label="Usual hourly spend is at least" value=floor errors=errors
                        inputmode="decimal" maxlength=12
                        hint=|| "So that a new or quiet account is not suspended for its first calls." />
                </div>
            </fieldset>
            {can_edit.then(|| view! {
                <SaveButton label="Save fraud control" busy=busy saved=saved done="Fraud control saved. The next calls are checked against it." />
            })}
        </form>
    }
}
