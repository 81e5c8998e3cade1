//! The page header: the brand's logo and name, and the session's actions.

use super::language_picker::LanguagePicker;
use crate::contexts::{AuthState, t, tf, use_brand, use_session};
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
                // The platform's admin site speaks English only.
                PrincipalKind::PlatformAdmin => ("/admin", "Tenants".to_owned()),
                PrincipalKind::Customer => ("/account", t("portal-my-account")),
                PrincipalKind::Operator | PrincipalKind::Reseller => {
                    ("/console", t("portal-console"))
                }
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
                    {t("portal-log-out")}
                </button>
            }
            .into_any()
        }
        AuthState::Anonymous if !is_seller => view! {
            <A href="/login" attr:class="header-link">
                {t("portal-admin-sign-in")}
            </A>
        }
        .into_any(),
        _ => ().into_any(),
    };
    // A seller's logo, when it has one: the image hides itself when the
    // portal has none (the portal view does not say), leaving the name.
    let mark = move || {
        if !is_seller {
            return view! { <span class="brand-mark" aria-hidden="true"></span> }.into_any();
        }
        view! { <BrandLogo /> }.into_any()
    };
    view! {
        <a class="skip-link" href="#main">
            {t("portal-skip-to-content")}
        </a>
        <header class="site-header">
            <div class="header-inner">
                <A href="/" attr:class="brand-name">
                    {mark}
                    <span>{move || brand.name()}</span>
                </A>
                <div class="header-actions">
                    {is_seller.then(|| view! { <LanguagePicker /> })}
                    {actions}
                </div>
            </div>
        </header>
    }
}

/// The portal's logo (`/api/v1/portal/logo`), or the coloured dot when the
/// portal has none (then nothing is fetched: no 404 in the console) or the
/// image failed to load.
#[component]
fn BrandLogo() -> impl IntoView {
    let brand = use_brand();
    // The address that failed to load, if any; a new upload changes the
    // address, and the image is tried again.
    let failed = RwSignal::new(None::<String>);
    let shown = move || {
        let src = brand.logo_src();
        brand.has_logo() && failed.with(|f| f.as_deref() != Some(src.as_str()))
    };
    view! {
        <Show
            when=shown
            fallback=|| view! { <span class="brand-mark" aria-hidden="true"></span> }
        >
            <img
                class="brand-logo"
                src=move || brand.logo_src()
                alt=move || tf("portal-logo-alt", &[("name", brand.name().into())])
                on:error=move |_| failed.set(Some(untrack(move || brand.logo_src())))
            />
        </Show>
    }
}
