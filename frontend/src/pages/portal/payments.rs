//! "Payments" on `/account`: the saved card, a top-up by card, auto top-up
//! and the account's payments.

use super::signed_out;
use crate::api::{self, ApiError};
use crate::components::{
    CheckboxField, EmptyState, FormAlert, FormErrors, TextField, amount_text, go_to, load_error,
    money, payment_status_class, positive_amount,
};
use crate::contexts::language::current as locale;
use crate::contexts::{t, tf, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::payments::{
    AutoTopUpRequest, CheckoutRequest, PaymentProfileView, PaymentView,
};
use ringledger_shared::format;
use ringledger_shared::money::Currency;
use ringledger_shared::validate;

/// What a payment was for (`top_up` → `Top-up`).
fn purpose_text(purpose: &str) -> String {
    match purpose {
        "invoice" => t("account-invoice"),
        "top_up" => t("account-purpose-top-up"),
        "auto_top_up" => t("account-auto-top-up"),
        "auto_charge" => t("account-purpose-auto-charge"),
        "save_card" => t("account-purpose-card-saved"),
        other => other.replace('_', " "),
    }
}

/// A payment's status as its badge reads it (`succeeded`).
fn status_text(status: &str) -> String {
    match status {
        "pending" => t("account-payment-status-pending"),
        "succeeded" => t("account-payment-status-succeeded"),
        "failed" => t("account-payment-status-failed"),
        "canceled" => t("account-payment-status-canceled"),
        other => other.replace('_', " "),
    }
}

/// The payments table (also on an invoice's page).
pub fn payments_table(items: Vec<PaymentView>, caption: String) -> AnyView {
    if items.is_empty() {
        return view! {
            <EmptyState title=t("account-no-payments") message=t("account-no-payments-note") />
        }
        .into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("account-col-date")}</th>
                        <th scope="col">{t("account-col-what")}</th>
                        <th scope="col" class="num">{t("account-amount")}</th>
                        <th scope="col">{t("account-col-status")}</th>
                        <th scope="col">{t("account-col-reference")}</th>
                        <th scope="col">{t("account-col-failure")}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|p| {
                        let refunded = (!p.refunded.is_zero())
                            .then(|| {
                                let amount = amount_text(p.refunded, &p.currency);
                                format!(" {}", tf("account-refunded", &[("amount", amount.into())]))
                            });
                        view! {
                            <tr>
                                <td>{format::date(p.created_at.date_naive(), locale())}</td>
                                <td>{purpose_text(&p.purpose)}</td>
                                <td class="num">{money(p.amount, &p.currency)} {refunded}</td>
                                <td><span class=payment_status_class(&p.status)>{status_text(&p.status)}</span></td>
                                <td>{p.reference.clone()}</td>
                                <td>{p.failure.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The "Payments" section. `currency`: the account's, for checking amounts.
#[component]
pub fn PaymentsSection(#[prop(into)] currency: String) -> impl IntoView {
    let session = use_session();
    let profile: LocalResource<Result<PaymentProfileView, ApiError>> =
        LocalResource::new(move || {
            let token = session.token();
            async move { api::my_payment_profile(&token.ok_or_else(signed_out)?).await }
        });
    // The latest answer of a change replaces the loaded profile.
    let current = RwSignal::new(None::<PaymentProfileView>);
    let note = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let currency = StoredValue::new(currency);
    view! {
        <section class="payments" aria-labelledby="payments-heading">
            <h2 id="payments-heading">{t("account-payments")}</h2>
            <FormAlert message=alert />
            {move || note.get().map(|m| view! { <p class="form-done" role="status">{m}</p> })}
            <Transition fallback=|| view! { <p class="loading" role="status">{t("account-payments-loading")}</p> }>
                {move || profile.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(p) => {
                        let p = current.get().unwrap_or(p);
                        profile_view(p, currency.get_value(), current, note, alert)
                    }
                })}
            </Transition>
        </section>
    }
}

fn profile_view(
    p: PaymentProfileView,
    currency: String,
    current: RwSignal<Option<PaymentProfileView>>,
    note: RwSignal<Option<String>>,
    alert: RwSignal<Option<String>>,
) -> AnyView {
    if !p.card_payments {
        return view! {
            <p class="muted">{t("account-card-payments-off")}</p>
            {payments_table(p.payments, t("account-your-payments"))}
        }
        .into_any();
    }
    let has_card = p.card.is_some();
    let auto = has_card.then(|| {
        view! {
            <section class="catalog-form" aria-labelledby="auto-top-up-heading">
                <h3 id="auto-top-up-heading">{t("account-auto-top-up")}</h3>
                <AutoTopUpForm initial=p.clone() currency=currency.clone() current=current note=note />
            </section>
        }
    });
    view! {
        <section aria-labelledby="saved-card-heading">
            <h3 id="saved-card-heading">{t("account-saved-card")}</h3>
            <SavedCard card=p.card.clone() current=current note=note alert=alert />
        </section>
        <section class="catalog-form" aria-labelledby="top-up-heading">
            <h3 id="top-up-heading">{t("account-top-up-by-card")}</h3>
            <TopUpForm currency=currency has_card=has_card />
        </section>
        {auto}
        {payments_table(p.payments, t("account-your-payments"))}
    }
    .into_any()
}

/// The saved card with "Remove card", or "Save a card".
#[component]
fn SavedCard(
    card: Option<String>,
    current: RwSignal<Option<PaymentProfileView>>,
    note: RwSignal<Option<String>>,
    alert: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let busy = RwSignal::new(false);
    let start = move || {
        let token = session.token();
        if token.is_none() {
            alert.set(Some(signed_out().message));
        }
        note.set(None);
        alert.set(None);
        token.inspect(|_| busy.set(true))
    };
    let remove = move |_| {
        let Some(token) = start() else { return };
        spawn_local(async move {
            match api::remove_my_card(&token).await {
                Ok(p) => {
                    note.set(Some(t("account-card-removed")));
                    current.set(Some(p));
                }
                Err(e) => alert.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let save = move |_| {
        let Some(token) = start() else { return };
        spawn_local(async move {
            match api::save_my_card(&token).await {
                Ok(c) if go_to(&c.url) => {}
                Ok(_) => {
                    alert.set(Some(t("account-card-page-failed")));
                    busy.set(false);
                }
                Err(e) => {
                    alert.set(Some(e.message));
                    busy.set(false);
                }
            }
        });
    };
    match card {
        Some(card) => view! {
            <p>{t("account-saved-card-label")} " " <strong class="mono">{card}</strong></p>
            <button type="button" class="button button-secondary" disabled=move || busy.get() on:click=remove>{t("account-remove-card")}</button>
        }
        .into_any(),
        None => view! {
            <p class="muted">{t("account-no-card")}</p>
            <button type="button" class="button button-secondary" disabled=move || busy.get() on:click=save>{t("account-save-card")}</button>
        }
        .into_any(),
    }
}

/// "Top up by card": an amount, then Stripe Checkout.
#[component]
fn TopUpForm(currency: String, has_card: bool) -> impl IntoView {
    let session = use_session();
    let amount = RwSignal::new(String::new());
    let save_card = RwSignal::new(false);
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let hint = tf(
        "account-in-currency",
        &[("currency", currency.as_str().into())],
    );
    let save_hint = if has_card {
        t("account-replaces-card")
    } else {
        t("account-card-for-later")
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        alert.set(None);
        let amount = match positive_amount("amount", &amount.get_untracked(), &currency) {
            Ok(a) => a,
            Err(e) => return errors.set_all(vec![e]),
        };
        let Some(token) = session.token() else {
            return alert.set(Some(signed_out().message));
        };
        let request = CheckoutRequest {
            amount: Some(amount),
            save_card: save_card.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::top_up(&token, &request).await {
                Ok(c) if go_to(&c.url) => {}
                Ok(_) => {
                    alert.set(Some(t("account-payment-page-failed")));
                    busy.set(false);
                }
                Err(e) => {
                    errors.show_server_unprefixed(&e, alert);
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=alert />
            <TextField id="top-up-amount" field="amount" label=t("account-amount") value=amount errors=errors
                inputmode="decimal" required=true hint=move || hint.clone() />
            <CheckboxField id="top-up-save-card" label=t("account-save-this-card") checked=save_card
                hint=save_hint />
            <div>
                <button type="submit" class="button" disabled=move || busy.get()>{t("account-top-up")}</button>
            </div>
        </form>
    }
}

/// "Auto top-up": charge the saved card when the balance runs low.
#[component]
fn AutoTopUpForm(
    initial: PaymentProfileView,
    currency: String,
    current: RwSignal<Option<PaymentProfileView>>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let enabled = RwSignal::new(initial.auto_top_up);
    let below = RwSignal::new(
        initial
            .auto_top_up_below
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let amount = RwSignal::new(
        initial
            .auto_top_up_amount
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let hint = tf(
        "account-in-currency",
        &[("currency", currency.as_str().into())],
    );
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        alert.set(None);
        note.set(None);
        let on = enabled.get_untracked();
        let (below_raw, amount_raw) = (below.get_untracked(), amount.get_untracked());
        if on {
            let code = Currency::parse(&currency).unwrap_or(Currency::USD);
            let invalid: Vec<_> = [
                validate::price("below", below_raw.trim(), code).err(),
                positive_amount("amount", &amount_raw, &currency).err(),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !invalid.is_empty() {
                return errors.set_all(invalid);
            }
        }
        let Some(token) = session.token() else {
            return alert.set(Some(signed_out().message));
        };
        let request = AutoTopUpRequest {
            enabled: on,
            below: below_raw.trim().to_owned(),
            amount: amount_raw.trim().to_owned(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::set_auto_top_up(&token, &request).await {
                Ok(p) => {
                    busy.set(false);
                    note.set(Some(if p.auto_top_up {
                        t("account-auto-top-up-saved")
                    } else {
                        t("account-auto-top-up-off")
                    }));
                    // Last: this re-renders the section (and this form).
                    current.set(Some(p));
                }
                Err(e) => {
                    errors.show_server_unprefixed(&e, alert);
                    busy.set(false);
                }
            }
        });
    };
    let below_hint = hint.clone();
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=alert />
            <CheckboxField id="auto-top-up-enabled" label=t("account-top-up-automatically") checked=enabled />
            <div class="field-row">
                <TextField id="auto-top-up-below" field="below" label=t("account-top-up-below") value=below
                    errors=errors inputmode="decimal" hint=move || below_hint.clone() />
                <TextField id="auto-top-up-amount" field="amount" label=t("account-top-up-by") value=amount
                    errors=errors inputmode="decimal" hint=move || hint.clone() />
            </div>
            <div>
                <button type="submit" class="button" disabled=move || busy.get()>{t("common-save")}</button>
            </div>
        </form>
    }
}
