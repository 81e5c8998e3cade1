//! `/account/login`: a customer signs in on the seller's portal.

use crate::api;
use crate::components::{FormAlert, FormErrors, TextField};
use crate::contexts::{AuthState, t, use_brand, use_session};
use crate::pages::SuspendedNotice;
use crate::pages::login::login_error_text;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::{LoginRequest, PrincipalKind};

/// The customer sign-in page.
#[component]
pub fn AccountLoginPage() -> impl IntoView {
    if !use_brand().is_seller() {
        return view! { <NotFound /> }.into_any();
    }
    let session = use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        let request = LoginRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            code: None,
        };
        if let Err(field_errors) = request.parse() {
            errors.set_all(field_errors);
            return;
        }
        errors.clear();
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::customer_login(&request).await {
                Ok(s) => {
                    session.set(s);
                    navigate("/account", NavigateOptions::default());
                }
                Err(e) => {
                    let beside_field =
                        e.code == ErrorCode::ValidationFailed && errors.set_server(&e);
                    if !beside_field {
                        let text = match e.code {
                            ErrorCode::EmailNotVerified => t("portal-login-confirm-first"),
                            ErrorCode::AccountSuspended => t("portal-login-suspended"),
                            _ => login_error_text(&e),
                        };
                        form_error.set(Some(text));
                    }
                    pending.set(false);
                }
            }
        });
    };
    let already = move || match session.state() {
        AuthState::SignedIn(PrincipalKind::Customer) if !pending.get() => {
            Some(view! { <Redirect path="/account" /> })
        }
        _ => None,
    };
    view! {
        {already}
        <section class="page narrow">
            <SuspendedNotice />
            <div class="card">
                <h1>{t("portal-sign-in-to-account")}</h1>
                <form class="form" on:submit=on_submit novalidate>
                    <FormAlert message=form_error />
                    <TextField id="email" label=t("portal-email") value=email errors=errors input_type="email" autocomplete="username" required=true />
                    <TextField id="password" label=t("common-password") value=password errors=errors input_type="password" autocomplete="current-password" required=true />
                    <button type="submit" class="button button-wide" disabled=move || pending.get()>
                        {t("common-sign-in")}
                    </button>
                </form>
                <p class="muted">{t("portal-login-new-here")} " " <A href="/signup">{t("portal-sign-up")}</A>
                    " · " <A href="/account/forgot-password">{t("portal-login-forgot-password")}</A></p>
            </div>
        </section>
    }
    .into_any()
}
