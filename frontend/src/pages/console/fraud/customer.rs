//! "Fraud control" on a customer's page: services fraud control suspended
//! (with Release), and the customer's own limits, whether it may call
//! high-risk prefixes, and the countries it may call.

use super::limits::{LimitInputs, LimitsFields};
use crate::api::{self, ApiError};
use crate::components::{
    CheckboxField, FormAlert, FormErrors, SaveButton, TextField, load_error, money,
};
use crate::contexts::Session;
use crate::pages::console::catalog::token;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::fraud::{CustomerFraud, CustomerFraudView};
use uuid::Uuid;

/// The panel. `services`: the customer's services (id, label) to name the
/// suspended ones; `currency`: its account's.
#[component]
pub fn CustomerFraudPanel(
    session: Session,
    id: Uuid,
    services: Vec<(Uuid, String)>,
    currency: String,
    can_edit: bool,
) -> impl IntoView {
    let view_of: LocalResource<Result<CustomerFraudView, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::get_customer_fraud(&token?, id).await }
        });
    let services = StoredValue::new(services);
    let currency = StoredValue::new(currency);
    view! {
        <section aria-labelledby="fraud-heading">
            <h2 id="fraud-heading">"Fraud control"</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading fraud control…"</p> }>
                {move || view_of.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(v) => view! {
                        <Suspensions session=session id=id view=v.clone() services=services.get_value()
                            currency=currency.get_value() can_edit=can_edit on_change=move || view_of.refetch() />
                        <RulesForm session=session id=id view=v can_edit=can_edit />
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// Each suspended service, with its spend and a Release button.
#[component]
fn Suspensions(
    session: Session,
    id: Uuid,
    view: CustomerFraudView,
    services: Vec<(Uuid, String)>,
    currency: String,
    can_edit: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let release = move |service: Uuid| {
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::release_service(&token, id, service).await {
                Ok(_) => on_change(),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let rows = view
        .suspensions
        .iter()
        .map(|s| {
            let name = services
                .iter()
                .find(|(sid, _)| *sid == s.service_id)
                .map_or_else(|| "A service".to_owned(), |(_, l)| l.clone());
            let text = format!(
                "{name} was suspended on {} for spending {} in an hour (usual: {} an hour). Its calls are refused until you release it.",
                s.suspended_at.format("%Y-%m-%d %H:%M UTC"),
                money(s.hour_spend, &currency),
                money(s.usual_hourly, &currency),
            );
            let service = s.service_id;
            view! {
                <div class="form-alert" role="alert">
                    <p>{text}</p>
                    {can_edit.then(|| view! {
                        <button type="button" class="button" disabled=move || busy.get()
                            on:click=move |_| release(service)>{format!("Release {name}")}</button>
                    })}
                </div>
            }
        })
        .collect_view();
    view! {
        <FormAlert message=error />
        {rows}
    }
}

/// The customer's own rules.
#[component]
fn RulesForm(session: Session, id: Uuid, view: CustomerFraudView, can_edit: bool) -> impl IntoView {
    let inputs = LimitInputs::new(&view.own.limits);
    let high_risk = RwSignal::new(view.own.allow_high_risk);
    let countries = RwSignal::new(view.own.allowed_countries.join(", "));
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
        let limits = match inputs.parse() {
            Ok(l) => l,
            Err(bad) => return errors.set_pairs(bad),
        };
        let request = CustomerFraud {
            limits,
            allow_high_risk: high_risk.get_untracked(),
            allowed_countries: countries
                .get_untracked()
                .split([',', ' '])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::put_customer_fraud(&token, id, &request).await {
                Ok(_) => saved.set(true),
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate aria-label="Customer fraud control">
            <FormAlert message=form_error />
            <p class="muted">"Its own limits replace your defaults (shown greyed) one by one."</p>
            <LimitsFields inputs=inputs errors=errors defaults=view.effective />
            <CheckboxField id="allow_high_risk" label="May call high-risk prefixes" checked=high_risk
                hint="Premium-rate, satellite and the other prefixes on the Settings page." />
            <TextField id="allowed_countries" label="Countries it may call" value=countries errors=errors maxlength=900
                hint=|| "Two-letter codes separated by commas (GB, FR, US); empty: every country." />
            {can_edit.then(|| view! {
                <SaveButton label="Save fraud control" busy=busy saved=saved done="Saved. Its next calls are checked against it." />
            })}
        </form>
    }
}
