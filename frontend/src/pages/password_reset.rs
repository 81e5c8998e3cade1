//! Forgotten passwords: `/forgot-password` (staff on a portal, admins on
//! the platform's site) and `/account/forgot-password` (customers) ask for
//! the link; `/reset-password?for=…&token=…` sets the new password.

use crate::api;
use crate::components::{FormAlert, FormErrors, TextField};
use crate::contexts::t;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use ringledger_shared::validate::{Email, NewPassword};

/// The request form; `customer` picks the customers' route.
#[component]
fn ForgotForm(customer: bool) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        alert.set(None);
        let address = email.get_untracked().trim().to_owned();
        if let Err(e) = Email::parse("email", &address) {
            return errors.set_all(vec![e]);
        }
        busy.set(true);
        spawn_local(async move {
            match api::request_password_reset(customer, &address).await {
                Ok(()) => sent.set(true),
                Err(e) => errors.show_server(&e, alert),
            }
            busy.set(false);
        });
    };
    let back = if customer { "/account/login" } else { "/login" };
    view! {
        <section class="page narrow">
            <div class="card">
                <h1>{t("portal-reset-heading")}</h1>
                {move || if sent.get() {
                    view! {
                        <p class="notice notice-ok" role="status">
                            {t("portal-reset-sent")}
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <form class="form" on:submit=on_submit novalidate>
                            <FormAlert message=alert />
                            <TextField id="email" label=t("portal-email") input_type="email" autocomplete="username" value=email errors=errors required=true />
                            <button type="submit" class="button button-wide" disabled=move || busy.get()>{t("portal-reset-send")}</button>
                        </form>
                    }.into_any()
                }}
                <p class="muted"><A href=back>{t("portal-reset-back")}</A></p>
            </div>
        </section>
    }
}

/// `/forgot-password`.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    view! { <ForgotForm customer=false /> }
}

/// `/account/forgot-password`.
#[component]
pub fn CustomerForgotPasswordPage() -> impl IntoView {
    view! { <ForgotForm customer=true /> }
}

/// `/reset-password?for=staff|customer|admin&token=…`.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let customer = query.with_untracked(|q| q.get("for").as_deref() == Some("customer"));
    let password = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        alert.set(None);
        let chosen = password.get_untracked();
        if let Err(e) = NewPassword::parse("password", &chosen) {
            return errors.set_all(vec![e]);
        }
        let token = token.clone();
        busy.set(true);
        spawn_local(async move {
            match api::confirm_password_reset(customer, &token, &chosen).await {
                Ok(()) => done.set(true),
                Err(e) => errors.show_server(&e, alert),
            }
            busy.set(false);
        });
    };
    let sign_in = if customer { "/account/login" } else { "/login" };
    view! {
        <section class="page narrow">
            <div class="card">
                <h1>{t("portal-reset-choose")}</h1>
                {move || if done.get() {
                    view! {
                        <p class="notice notice-ok" role="status">{t("portal-reset-done")}</p>
                        <A href=sign_in attr:class="button button-wide">{t("common-sign-in")}</A>
                    }.into_any()
                } else {
                    view! {
                        <form class="form" on:submit=on_submit.clone() novalidate>
                            <FormAlert message=alert />
                            <TextField id="password" label=t("portal-reset-new-password") input_type="password" autocomplete="new-password" value=password errors=errors required=true />
                            <button type="submit" class="button button-wide" disabled=move || busy.get()>{t("portal-reset-save")}</button>
                        </form>
                    }.into_any()
                }}
            </div>
        </section>
    }
}
