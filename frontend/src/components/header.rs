//! The page header: the brand's name, and the session's actions.

use crate::contexts::{AuthState, use_brand, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use ringledger_shared::api::PrincipalKind;

/// Site header shown on every page.
#[component]
pub fn Header() -> impl IntoView {
    let brand = use_brand();
    let session = use_session();
    let navigate = use_navigate();
    let is_seller = brand.is_seller();
    let logging_out = RwSignal::new(false);
    let log_out = move |_| {
        let navigate = navigate.clone();
        let after = if session
            .me()
            .is_some_and(|m| m.kind == PrincipalKind::Customer)
        {
            "/account/login"
        } else {
            "/login"
        };
        logging_out.set(true);
        spawn_local(async move {
            session.log_out().await;
            logging_out.set(false);
            navigate(after, Default::default());
        });
    };
    let actions = move || match session.state() {
        AuthState::SignedIn(kind) => {
            let (href, text) = match kind {
                PrincipalKind::PlatformAdmin => ("/admin", "Tenants"),
                PrincipalKind::Customer => ("/account", "My account"),
                PrincipalKind::Operator | PrincipalKind::Reseller => ("/console", "Console"),
            };
            let email = session.me().map(|m| m.email).unwrap_or_default();
            view! {
                <A href=href attr:class="header-link">
                    {text}
                </A>
                <span class="header-user">{email}</span>
                <button
                    type="button"
                    class="button button-secondary"
                    on:click=log_out.clone()
                    disabled=move || logging_out.get()
                >
                    "Log out"
                </button>
            }
            .into_any()
        }
        AuthState::Anonymous if !is_seller => view! {
            <A href="/login" attr:class="header-link">
                "Admin sign-in"
            </A>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <a class="skip-link" href="#main">
            "Skip to content"
        </a>
        <header class="site-header">
            <div class="header-inner">
                <A href="/" attr:class="brand-name">
                    <span class="brand-mark" aria-hidden="true"></span>
                    {brand.name.clone()}
                </A>
                <div class="header-actions">{actions}</div>
            </div>
        </header>
    }
}
