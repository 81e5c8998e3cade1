//! `/console/resellers/:id`: one reseller's facts, and its terms (markup,
//! monthly fee, custom domain).

use super::{
    MarkupFields, fee_text, kind_label, markup_text, plain_decimal, portal_url, seller_currency,
    wholesale_money,
};
use crate::api;
use crate::components::{FormAlert, FormErrors, SaveButton, TextField, load_error};
use crate::contexts::{Session, use_session};
use crate::pages::console::catalog::token;
use crate::pages::console::load_by_id;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use ringledger_shared::api::resellers::{
    ResellerView, UpdateResellerRequest, parse_domain, parse_markup,
};
use ringledger_shared::validate;

/// `/console/resellers/:id`: one reseller, and its terms.
#[component]
pub fn ResellerDetail() -> impl IntoView {
    let session = use_session();
    let reseller = load_by_id("No such reseller.", |token, id| async move {
        api::get_reseller(&token, id).await
    });
    view! {
        <p class="breadcrumb"><A href="/console/resellers">"Resellers"</A></p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading the reseller…"</p> }>
            {move || reseller.get().map(|r| match r {
                Err(e) => view! {
                    <h1>"Reseller"</h1>
                    {load_error(&e)}
                }.into_any(),
                Ok(r) => view! { <ResellerBody session=session reseller=r /> }.into_any(),
            })}
        </Transition>
    }
}

/// The reseller's facts (again once its terms are saved) and its terms.
#[component]
fn ResellerBody(session: Session, reseller: ResellerView) -> impl IntoView {
    // The latest saved terms replace the loaded ones.
    let current = RwSignal::new(reseller);
    let facts = move || {
        let r = current.get();
        let url = portal_url(&r.portal_host);
        let currency = r
            .wholesale
            .as_ref()
            .map(|w| w.currency.clone())
            .unwrap_or_default();
        view! {
            <h1>{r.name.clone()}</h1>
            <dl class="facts">
                <div><dt>"Portal"</dt><dd><a href=url.clone() target="_blank" rel="noopener">{url.clone()}</a></dd></div>
                <div><dt>"Custom domain"</dt><dd>{r.custom_domain.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
                <div><dt>"Markup"</dt><dd>{markup_text(&r.markup_kind, &r.markup_value)}</dd></div>
                <div><dt>"Monthly fee"</dt><dd>{fee_text(&r.reseller_fee, &currency)}</dd></div>
                {r.wholesale.as_ref().map(|w| view! {
                    <div><dt>"Account"</dt><dd>{kind_label(&w.kind)}</dd></div>
                    <div><dt>"Wholesale"</dt><dd>{wholesale_money(w)}</dd></div>
                    <div><dt>"Wholesale customer"</dt><dd>
                        <A href=format!("/console/customers/{}", w.customer_id)>"Invoices and payments"</A>
                    </dd></div>
                })}
                <div><dt>"Customers"</dt><dd>{r.customers.to_string()}</dd></div>
                <div><dt>"Sub-resellers"</dt><dd>{r.sub_resellers.to_string()}</dd></div>
                <div><dt>"Since"</dt><dd>{r.created_at.format("%Y-%m-%d").to_string()}</dd></div>
            </dl>
        }
    };
    view! {
        {facts}
        <DomainProof session=session current=current />
        <TermsForm session=session current=current />
    }
}

/// While the custom domain is not proven: the DNS TXT record to publish and
/// "Verify" (the domain serves the portal only once verified).
#[component]
fn DomainProof(session: Session, current: RwSignal<ResellerView>) -> impl IntoView {
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let verify = move |_| {
        let (Ok(t), id) = (token(session), current.get_untracked().id) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            match api::verify_domain(&t, id).await {
                Ok(r) => {
                    failure.set(None);
                    current.set(r);
                }
                Err(e) => failure.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    move || {
        let r = current.get();
        let (Some(domain), Some(name), Some(value)) = (
            r.custom_domain.clone(),
            r.custom_domain_txt_name.clone(),
            r.custom_domain_txt_value.clone(),
        ) else {
            return None;
        };
        Some(view! {
            <section class="card" aria-labelledby="domain-proof">
                <h2 id="domain-proof">"Prove the custom domain"</h2>
                <p>
                    <strong>{domain}</strong>
                    " serves the portal once its owner proves control of it: publish this DNS TXT record, then verify."
                </p>
                <dl class="facts">
                    <div><dt>"Name"</dt><dd><code>{name}</code></dd></div>
                    <div><dt>"Value"</dt><dd><code>{value}</code></dd></div>
                </dl>
                {move || failure.get().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
                <button type="button" class="button" on:click=verify disabled=move || busy.get()>
                    {move || if busy.get() { "Looking the record up…" } else { "Verify" }}
                </button>
            </section>
        })
    }
}

/// "Terms": markup, monthly fee and custom domain (`PATCH`).
#[component]
fn TermsForm(session: Session, current: RwSignal<ResellerView>) -> impl IntoView {
    let r = current.get_untracked();
    let id = r.id;
    let markup_kind = RwSignal::new(r.markup_kind.clone());
    let markup_value = RwSignal::new(plain_decimal(&r.markup_value));
    let reseller_fee = RwSignal::new(plain_decimal(&r.reseller_fee));
    let custom_domain = RwSignal::new(r.custom_domain.clone().unwrap_or_default());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let currency = seller_currency(session);
    let currency_code = currency.map(|c| c.to_string()).unwrap_or_default();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form_error.set(None);
        saved.set(false);
        let kind = markup_kind.get_untracked();
        let value = markup_value.get_untracked().trim().to_owned();
        let fee = reseller_fee.get_untracked().trim().to_owned();
        let domain = custom_domain.get_untracked().trim().to_owned();
        let mut invalid = Vec::new();
        if let Err(e) = parse_markup(&kind, &value) {
            invalid.push(e);
        }
        if let Some(c) = currency
            && !fee.is_empty()
            && let Err(e) = validate::price("reseller_fee", &fee, c)
        {
            invalid.push(e);
        }
        if !domain.is_empty()
            && let Err(e) = parse_domain("custom_domain", &domain)
        {
            invalid.push(e);
        }
        if !invalid.is_empty() {
            return errors.set_all(invalid);
        }
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let request = UpdateResellerRequest {
            markup_kind: Some(kind),
            markup_value: Some(value),
            reseller_fee: Some(if fee.is_empty() { "0".to_owned() } else { fee }),
            custom_domain: Some(domain),
        };
        busy.set(true);
        spawn_local(async move {
            match api::update_reseller(&token, id, &request).await {
                Ok(r) => {
                    markup_kind.set(r.markup_kind.clone());
                    markup_value.set(plain_decimal(&r.markup_value));
                    reseller_fee.set(plain_decimal(&r.reseller_fee));
                    custom_domain.set(r.custom_domain.clone().unwrap_or_default());
                    current.set(r);
                    saved.set(true);
                }
                Err(e) => errors.show_server_unprefixed(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="terms-heading">
            <h2 id="terms-heading">"Terms"</h2>
            <p class="muted">"A new markup prices its calls from now on; calls already rated keep their price."</p>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <MarkupFields kind=markup_kind value=markup_value errors=errors currency=currency_code.clone() />
                <div class="field-row">
                    <TextField id="reseller_fee" label="Monthly fee" value=reseller_fee errors=errors inputmode="decimal" />
                    <TextField id="custom_domain" label="Custom domain" value=custom_domain errors=errors
                        placeholder="billing.example.com" hint=|| "Empty: none." />
                </div>
                <SaveButton label="Save terms" busy=busy saved=saved done="Terms saved." />
            </form>
        </section>
    }
}
