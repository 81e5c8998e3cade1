//! `/login`: staff sign-in on a portal, platform admin sign-in on the
//! platform site.

use super::SuspendedNotice;
use crate::api::{self, ApiError};
use crate::components::{FormAlert, FormErrors, TextField, capitalised};
use crate::contexts::{AuthState, Brand, use_brand, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::{LoginRequest, PrincipalKind};

/// Where a signed-in user of this site belongs, if their kind fits the site.
pub fn home_of(brand: &Brand, kind: PrincipalKind) -> Option<&'static str> {
    match (brand.is_seller(), kind) {
        (false, PrincipalKind::PlatformAdmin) => Some("/admin"),
        (true, PrincipalKind::Operator | PrincipalKind::Reseller) => Some("/console"),
        _ => None,
    }
}

/// The text shown for a failed sign-in.
pub(crate) fn login_error_text(e: &ApiError) -> String {
    match e.code {
        ErrorCode::InvalidCredentials => "Wrong email or password.".to_owned(),
        ErrorCode::TenantSuspended => {
            "This account is suspended, so sign-in is disabled. Contact the platform to reactivate it."
                .to_owned()
        }
        ErrorCode::RateLimited => "Too many attempts. Wait a minute and try again.".to_owned(),
        _ => e.message.clone(),
    }
}

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let brand = use_brand();
    let session = use_session();
    let navigate = use_navigate();
    let heading = if brand.is_seller() {
        format!("Sign in to {}", brand.name_untracked())
    } else {
        "Platform admin sign-in".to_owned()
    };
    let target = if brand.is_seller() {
        "/console"
    } else {
        "/admin"
    };

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // Asked for after the server says the password is right and the login
    // signs in with a second factor.
    let code = RwSignal::new(String::new());
    let asks_code = RwSignal::new(false);
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
            code: Some(code.get_untracked()).filter(|c| !c.trim().is_empty()),
        };
        if let Err(field_errors) = request.parse() {
            errors.set_all(field_errors);
            return;
        }
        errors.clear();
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::login(&request).await {
                Ok(s) => {
                    session.set(s);
                    navigate(target, NavigateOptions::default());
                }
                Err(e) if e.code == ErrorCode::TwoFactorRequired => {
                    let wrong = asks_code.get_untracked();
                    asks_code.set(true);
                    if wrong {
                        form_error.set(Some(capitalised(&e.message)));
                    }
                    crate::components::focus_later("code");
                    pending.set(false);
                }
                Err(e) => {
                    let beside_field =
                        e.code == ErrorCode::ValidationFailed && errors.set_server(&e);
                    if !beside_field {
                        form_error.set(Some(login_error_text(&e)));
                    }
                    pending.set(false);
                }
            }
        });
    };

    // Already signed in here: go straight to the console.
    let already = move || match session.state() {
        AuthState::SignedIn(kind) if !pending.get() => {
            home_of(&brand, kind).map(|home| view! { <Redirect path=home /> })
        }
        _ => None,
    };

    view! {
        {already}
        <section class="page narrow">
            <SuspendedNotice />
            <div class="card">
                <h1>{heading}</h1>
                <form class="form" on:submit=on_submit novalidate>
                    <FormAlert message=form_error />
                    <TextField
                        id="email"
                        label="Email"
                        value=email
                        errors=errors
                        input_type="email"
                        autocomplete="username"
                        required=true
                    />
                    <TextField
                        id="password"
                        label="Password"
                        value=password
                        errors=errors
                        input_type="password"
                        autocomplete="current-password"
                        required=true
                    />
                    {move || asks_code.get().then(|| view! {
                        <TextField
                            id="code"
                            label="Authenticator code"
                            value=code
                            errors=errors
                            autocomplete="one-time-code"
                            inputmode="numeric"
                            required=true
                            hint=|| view! { "Six digits from your authenticator app, or one of your recovery codes." }
                        />
                    })}
                    <button
                        type="submit"
                        class="button button-wide"
                        disabled=move || pending.get()
                    >
                        "Sign in"
                    </button>
                </form>
                <p class="muted">
                    <leptos_router::components::A href="/forgot-password">"Forgot your password?"</leptos_router::components::A>
                </p>
            </div>
        </section>
    }
}
