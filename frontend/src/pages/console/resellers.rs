//! `/console/resellers`: the resellers below the signed-in seller (any
//! depth) with their terms and wholesale accounts, the "New reseller" form,
//! the operator's "Nesting" rule (how many levels of resellers there may
//! be), and `/console/resellers/:id` where the terms can be changed.

use super::catalog::token;
use super::load_by_id;
use crate::api::{self, ApiError};
use crate::components::{
    EmptyState, FormAlert, FormErrors, SaveButton, SelectField, TextField, focus_later, load_error,
    money_text, page_host, page_port, page_protocol,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use ringledger_shared::api::resellers::{
    CreateResellerRequest, ResellerSettings, ResellerView, UpdateResellerRequest, WholesaleView,
    parse_domain, parse_markup,
};
use ringledger_shared::error::FieldError;
use ringledger_shared::money::Currency;
use ringledger_shared::validate;
use rust_decimal::Decimal;
use std::str::FromStr;
use uuid::Uuid;

/// How a reseller's prices are raised over its parent's.
const MARKUP_KINDS: &[(&str, &str)] = &[
    ("percent", "Percent of your price"),
    ("per_minute", "Amount per minute"),
];

/// How a reseller pays its parent.
const ACCOUNT_KINDS: &[(&str, &str)] = &[("prepaid", "Prepaid"), ("postpaid", "Postpaid")];

/// An amount as sent by the server, without trailing zeros (`20.000000` →
/// `20`); any text that is not a number is shown as it is.
fn amount_text(raw: &str) -> String {
    Decimal::from_str(raw.trim()).map_or_else(|_| raw.to_owned(), |d| d.normalize().to_string())
}

/// "20 %" or "+0.015/min".
pub fn markup_text(kind: &str, value: &str) -> String {
    let value = amount_text(value);
    match kind {
        "percent" => format!("{value} %"),
        "per_minute" => format!("+{value}/min"),
        other => format!("{value} ({other})"),
    }
}

/// The address of a portal host, on the protocol (and port) of this page:
/// a reseller's portal is served where its parent's is.
pub fn portal_url(host: &str) -> String {
    if host.contains("://") {
        return host.to_owned();
    }
    let port = page_port();
    if host.contains(':') || port.is_empty() {
        format!("{}//{host}", page_protocol())
    } else {
        format!("{}//{host}:{port}", page_protocol())
    }
}

/// `prepaid` → `Prepaid`.
pub fn kind_label(kind: &str) -> String {
    ACCOUNT_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or_else(|| kind.to_owned(), |(_, label)| (*label).to_owned())
}

/// "Balance 12.50 GBP" (prepaid) or "Balance -3.20 GBP · credit limit
/// 100.00 GBP" (postpaid).
fn wholesale_money(w: &WholesaleView) -> String {
    let balance = format!("Balance {}", money_text(&w.balance, &w.currency));
    if w.kind == "postpaid" {
        format!(
            "{balance} · credit limit {}",
            money_text(&w.credit_limit, &w.currency)
        )
    } else {
        balance
    }
}

/// The monthly fee, or "—" when there is none.
fn fee_text(fee: &str, currency: &str) -> String {
    match Decimal::from_str(fee.trim()) {
        Ok(d) if d.is_zero() => "—".to_owned(),
        _ => money_text(fee, currency),
    }
}

/// The billing currency of the signed-in seller (from the session).
fn seller_currency(session: Session) -> Option<Currency> {
    untrack(move || session.me())
        .and_then(|m| m.tenant)
        .map(|t| t.currency)
}

/// The resellers page ("Nesting": the operator's only).
#[component]
pub fn ResellersPage() -> impl IntoView {
    let session = use_session();
    let operator = !untrack(move || session.is_reseller());
    let list: LocalResource<Result<Vec<ResellerView>, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::list_resellers(&token?).await }
    });
    let form_open = RwSignal::new(false);
    let created = RwSignal::new(None::<ResellerView>);
    let open_form = move || {
        created.set(None);
        form_open.set(true);
        focus_later("reseller-name");
    };
    let on_created = move |r: ResellerView| {
        form_open.set(false);
        created.set(Some(r));
        list.refetch();
        focus_later("reseller-created");
    };
    let on_cancel = move || {
        form_open.set(false);
        focus_later("new-reseller-toggle");
    };
    view! {
        <h1>"Resellers"</h1>
        <p class="muted">
            "Resellers sell your services under their own brand, on their own portal, at a markup on your prices. You bill each of them every month through its wholesale account."
        </p>
        <div class="toolbar">
            <button
                type="button"
                id="new-reseller-toggle"
                class="button"
                aria-expanded=move || form_open.get().to_string()
                aria-controls="new-reseller"
                on:click=move |_| if form_open.get_untracked() { on_cancel() } else { open_form() }
            >
                "New reseller"
            </button>
        </div>
        {move || created.get().map(|r| created_notice(&r))}
        <Show when=move || form_open.get()>
            <NewResellerForm session=session on_created=on_created on_cancel=on_cancel />
        </Show>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading resellers…"</p> }>
            {move || list.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(items) if items.is_empty() => view! {
                    <EmptyState
                        title="No resellers yet"
                        message="A reseller gets its own branded portal and console, sells your plans at its markup, and pays you on a wholesale invoice."
                    >
                        <button type="button" class="button" on:click=move |_| open_form()>
                            "Add your first reseller"
                        </button>
                    </EmptyState>
                }.into_any(),
                Ok(items) => resellers_table(items),
            })}
        </Transition>
        {operator.then(|| view! { <NestingSection session=session /> })}
    }
}

/// Fewest and most levels of resellers the operator may allow.
const DEPTHS: std::ops::RangeInclusive<u32> = 1..=5;

/// The request "Save levels" sends, or the error beside its field.
fn nesting_request(levels: &str) -> Result<ResellerSettings, FieldError> {
    levels
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| DEPTHS.contains(n))
        .map(|max_reseller_depth| ResellerSettings { max_reseller_depth })
        .ok_or_else(|| {
            FieldError::new(
                "max_reseller_depth",
                format!("Choose {} to {} levels.", DEPTHS.start(), DEPTHS.end()),
            )
        })
}

/// "Nesting": how many levels of resellers may nest under the operator
/// (operator only: a reseller's staff get 403).
#[component]
fn NestingSection(session: Session) -> impl IntoView {
    let settings: LocalResource<Result<ResellerSettings, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::get_reseller_settings(&token?).await }
        });
    view! {
        <section class="catalog-form" aria-labelledby="nesting-heading">
            <h2 id="nesting-heading">"Nesting"</h2>
            <p class="muted">
                "1: only your own resellers. 2: they may have resellers of their own, and so on."
            </p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
                {move || settings.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(s) => view! { <NestingForm session=session initial=s /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// "Levels of resellers", "Save levels".
#[component]
fn NestingForm(session: Session, initial: ResellerSettings) -> impl IntoView {
    let levels = RwSignal::new(initial.max_reseller_depth.to_string());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form_error.set(None);
        saved.set(false);
        let request = match nesting_request(&levels.get_untracked()) {
            Ok(r) => r,
            Err(e) => return errors.set_all(vec![e]),
        };
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::put_reseller_settings(&token, &request).await {
                Ok(s) => {
                    levels.set(s.max_reseller_depth.to_string());
                    saved.set(true);
                }
                Err(e) => errors.show_server_unprefixed(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=form_error />
            <TextField id="max_reseller_depth" label="Levels of resellers" value=levels errors=errors
                input_type="number" inputmode="numeric" required=true
                hint=|| "How many levels of resellers may nest under you, 1 to 5." />
            <SaveButton label="Save levels" busy=busy saved=saved done="Saved." />
        </form>
    }
}

/// "Reseller “Blue” created", with its portal and sign-in address.
fn created_notice(r: &ResellerView) -> AnyView {
    let url = portal_url(&r.portal_host);
    let login = format!("{url}/login");
    view! {
        <div class="notice notice-ok" role="status" id="reseller-created" tabindex="-1">
            <p><strong>{format!("Reseller “{}” created.", r.name)}</strong></p>
            <p>
                "Its owner signs in at "
                <a href=login.clone() target="_blank" rel="noopener">{login.clone()}</a>
                " with the e-mail and password you chose."
            </p>
        </div>
    }
    .into_any()
}

fn resellers_table(items: Vec<ResellerView>) -> AnyView {
    let names: Vec<(Uuid, String)> = items.iter().map(|r| (r.id, r.name.clone())).collect();
    let parent_name = move |id: Uuid| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone());
    let rows = items
        .into_iter()
        .map(|r| {
            let url = portal_url(&r.portal_host);
            let under = (r.depth > 1).then(|| {
                let parent = parent_name(r.parent_id).unwrap_or_else(|| "a reseller".to_owned());
                view! { <span class="muted">{format!(" (under {parent})")}</span> }
            });
            let currency = r
                .wholesale
                .as_ref()
                .map(|w| w.currency.clone())
                .unwrap_or_default();
            let name = r.name.clone();
            let account = match &r.wholesale {
                Some(w) => view! {
                    {kind_label(&w.kind)}
                    <br />
                    <span class="muted">{wholesale_money(w)}</span>
                }
                .into_any(),
                None => view! { "—" }.into_any(),
            };
            view! {
                <tr>
                    <th scope="row">
                        <A href=format!("/console/resellers/{}", r.id)>{name}</A>
                        {under}
                    </th>
                    <td class="cell-url">
                        <a href=url.clone() target="_blank" rel="noopener"
                            aria-label=format!("Portal of {} (opens in a new tab)", r.name)>
                            {r.portal_host.clone()}
                        </a>
                        {r.custom_domain.clone().map(|d| view! { <br /><span class="muted">{d}</span> })}
                    </td>
                    <td>{markup_text(&r.markup_kind, &r.markup_value)}</td>
                    <td>{fee_text(&r.reseller_fee, &currency)}</td>
                    <td class="wrap">{account}</td>
                    <td class="num">{r.customers.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Resellers"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Portal"</th>
                        <th scope="col">"Markup"</th>
                        <th scope="col">"Monthly fee"</th>
                        <th scope="col">"Account"</th>
                        <th scope="col" class="num">"Customers"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The hint under "Markup value", for the chosen kind.
fn markup_hint(kind: &str, currency: &str) -> String {
    if kind == "per_minute" {
        format!("Added to your price of every minute, in {currency}, e.g. 0.015.")
    } else {
        "Percent added to your prices (rate and connect fee), e.g. 20.".to_owned()
    }
}

/// "Markup" (its kind) and "Markup value", with a hint for the chosen kind.
#[component]
fn MarkupFields(
    kind: RwSignal<String>,
    value: RwSignal<String>,
    errors: FormErrors,
    /// The seller's currency (for a markup per minute).
    currency: String,
) -> impl IntoView {
    view! {
        <div class="field-row">
            <SelectField id="markup_kind" label="Markup" value=kind errors=errors options=MARKUP_KINDS />
            <TextField id="markup_value" label="Markup value" value=value errors=errors
                inputmode="decimal" required=true
                hint=move || {
                    let currency = currency.clone();
                    view! { {move || markup_hint(&kind.get(), &currency)} }
                } />
        </div>
    }
}

/// "New reseller".
#[component]
fn NewResellerForm(
    session: Session,
    on_created: impl Fn(ResellerView) + Clone + Send + Sync + 'static,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let owner_email = RwSignal::new(String::new());
    let owner_password = RwSignal::new(String::new());
    let markup_kind = RwSignal::new("percent".to_owned());
    let markup_value = RwSignal::new(String::new());
    let account_kind = RwSignal::new("prepaid".to_owned());
    let credit_limit = RwSignal::new(String::new());
    let reseller_fee = RwSignal::new(String::new());
    let custom_domain = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let currency = seller_currency(session);
    let currency_code = currency.map(|c| c.to_string()).unwrap_or_default();
    let host = page_host();
    let postpaid = move || account_kind.with(|k| k == "postpaid");

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        let optional = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        let request = CreateResellerRequest {
            name: name.get_untracked().trim().to_owned(),
            slug: slug.get_untracked().trim().to_owned(),
            owner_email: owner_email.get_untracked().trim().to_owned(),
            owner_password: owner_password.get_untracked(),
            markup_kind: markup_kind.get_untracked(),
            markup_value: markup_value.get_untracked().trim().to_owned(),
            account_kind: account_kind.get_untracked(),
            credit_limit: if account_kind.with_untracked(|k| k == "postpaid") {
                optional(credit_limit)
            } else {
                None
            },
            reseller_fee: optional(reseller_fee),
            custom_domain: optional(custom_domain),
        };
        // The server's own checks first, in this browser.
        if let Some(currency) = currency
            && let Err(invalid) = request.parse(currency)
        {
            return errors.set_all(invalid);
        }
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        pending.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_reseller(&token, &request).await {
                Ok(r) => {
                    pending.set(false);
                    // Last: this closes the form (and disposes its signals).
                    on_created(r);
                }
                Err(e) => {
                    errors.show_server_unprefixed(&e, form_error);
                    pending.set(false);
                }
            }
        });
    };

    let fee_currency = currency_code.clone();
    let limit_currency = currency_code.clone();
    view! {
        <section class="catalog-form" id="new-reseller" aria-labelledby="new-reseller-heading">
            <h2 id="new-reseller-heading">"New reseller"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <TextField id="reseller-name" field="name" label="Name" value=name errors=errors required=true
                    hint=|| "The reseller's brand, shown on its portal and invoices." />
                <TextField id="reseller-slug" field="slug" label="Slug" value=slug errors=errors required=true
                    maxlength=32
                    hint=move || {
                        let host = host.clone();
                        view! {
                            "Its portal: "
                            <span class="mono">{move || {
                                let s = slug.get();
                                let s = s.trim();
                                format!("{}.{host}", if s.is_empty() { "slug" } else { s })
                            }}</span>
                        }
                    } />
                <div class="field-row">
                    <TextField id="reseller-owner-email" field="owner_email" label="Owner e-mail" value=owner_email
                        errors=errors input_type="email" required=true
                        hint=|| "Its first console login; also how it signs in to pay your wholesale invoices." />
                    <TextField id="reseller-owner-password" field="owner_password" label="Owner password"
                        value=owner_password errors=errors input_type="password" autocomplete="new-password"
                        required=true hint=|| "At least 8 characters. Tell it to the owner." />
                </div>
                <MarkupFields kind=markup_kind value=markup_value errors=errors currency=currency_code.clone() />
                <div class="field-row">
                    <SelectField id="account_kind" label="Account" value=account_kind errors=errors options=ACCOUNT_KINDS />
                    <Show when=postpaid>
                        <TextField id="credit_limit" label="Credit limit" value=credit_limit errors=errors
                            inputmode="decimal" required=true
                            hint={
                                let c = limit_currency.clone();
                                move || format!("How much it may owe you, in {c}, before its calls stop.")
                            } />
                    </Show>
                </div>
                <p class="field-hint">
                    "Prepaid: every call is paid from its balance with you, and refused at zero. Postpaid: it pays your monthly wholesale invoice."
                </p>
                <div class="field-row">
                    <TextField id="reseller_fee" label="Monthly fee" value=reseller_fee errors=errors inputmode="decimal"
                        hint=move || format!("On its wholesale invoice every month, in {fee_currency}. Empty: none.") />
                    <TextField id="custom_domain" label="Custom domain" value=custom_domain errors=errors
                        placeholder="billing.example.com"
                        hint=|| "Optional: its own address for the portal (point it to us in its DNS)." />
                </div>
                <div class="toolbar">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {move || if pending.get() { "Creating the reseller…" } else { "Create reseller" }}
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                        "Cancel"
                    </button>
                </div>
            </form>
        </section>
    }
}

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
        <TermsForm session=session current=current />
    }
}

/// "Terms": markup, monthly fee and custom domain (`PATCH`).
#[component]
fn TermsForm(session: Session, current: RwSignal<ResellerView>) -> impl IntoView {
    let r = current.get_untracked();
    let id = r.id;
    let markup_kind = RwSignal::new(r.markup_kind.clone());
    let markup_value = RwSignal::new(amount_text(&r.markup_value));
    let reseller_fee = RwSignal::new(amount_text(&r.reseller_fee));
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
                    markup_value.set(amount_text(&r.markup_value));
                    reseller_fee.set(amount_text(&r.reseller_fee));
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

#[cfg(test)]
mod tests {
    use super::{fee_text, markup_text, nesting_request};

    #[test]
    fn levels_are_one_to_five() {
        assert_eq!(nesting_request(" 3 ").map(|s| s.max_reseller_depth), Ok(3));
        for bad in ["0", "6", "", "two", "-1"] {
            let field = nesting_request(bad).err().map(|e| e.field);
            assert_eq!(field, Some("max_reseller_depth"), "{bad}");
        }
    }

    #[test]
    fn markups_read_naturally() {
        assert_eq!(markup_text("percent", "20.000000"), "20 %");
        assert_eq!(markup_text("per_minute", "0.015000"), "+0.015/min");
    }

    #[test]
    fn fees() {
        assert_eq!(fee_text("0.000000", "GBP"), "—");
        assert_eq!(fee_text("10.5", "GBP"), "10.50 GBP");
    }
}
