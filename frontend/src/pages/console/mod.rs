//! `/console/*`: the operator console shell (nav + section) and its sections.

pub mod activity;
mod api_keys;
pub mod billing;
pub mod billing_settings;
pub mod books;
pub mod brand;
mod brand_languages;
pub mod calls;
pub mod cards;
pub mod catalog;
mod csv_import;
mod customer_payments;
mod customer_statement;
pub mod customers;
mod first_steps;
pub mod fraud;
pub mod margin;
pub mod numbers;
mod on_net;
mod payment_settings;
pub mod payments;
pub mod plan;
pub mod pricing;
pub mod profile;
pub mod resellers;
pub mod revenue;
pub mod settings;
pub mod team;
pub mod two_factor;
mod verify_notice;
pub mod webhooks;
pub mod wholesale;

use super::SuspendedNotice;
use super::not_found::NotFound;
use crate::api::{self, ApiError};
use crate::components::{ConsoleNav, EmptyState, SECTIONS, page_host, page_protocol};
use crate::contexts::{AuthState, use_brand, use_language, use_session};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_params_map;
use ringledger_shared::api::PrincipalKind;
use uuid::Uuid;

/// The record of a `…/:id` page, loaded by `load(token, id)` (again when
/// the address changes); an id that is no UUID reads as `missing`.
pub fn load_by_id<T, Fut>(
    missing: &'static str,
    load: impl Fn(String, Uuid) -> Fut + 'static,
) -> LocalResource<Result<T, ApiError>>
where
    T: 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let params = use_params_map();
    let session = use_session();
    LocalResource::new(move || {
        let id = params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok()));
        let loading = id
            .ok_or_else(|| ApiError::not_found(missing))
            .and_then(|id| Ok(load(catalog::token(session)?, id)));
        async move { loading?.await }
    })
}

/// The console shell; sends anyone not signed in as staff to `/login`.
#[component]
pub fn ConsoleShell() -> impl IntoView {
    if !use_brand().is_seller() {
        return view! { <NotFound /> }.into_any();
    }
    let session = use_session();
    // The console reads English whatever language the portal was shown in.
    if let Some(language) = use_language() {
        language.set_console(true);
        on_cleanup(move || language.set_console(false));
    }
    (move || match session.state() {
        AuthState::Pending => {
            view! { <p class="page loading" role="status">"Loading…"</p> }.into_any()
        }
        AuthState::SignedIn(PrincipalKind::Operator | PrincipalKind::Reseller) => view! {
            <div class="console">
                <ConsoleNav />
                <section class="console-main">
                    <SuspendedNotice />
                    <verify_notice::VerifyEmailNotice />
                    {move || session.me().is_some_and(|m| m.two_factor_due).then(|| view! {
                        <p class="notice notice-warn" role="status">
                            "Your team requires two-factor sign-in. "
                            <a href="/console/profile">"Set it up under Your login"</a>
                            " to use the console."
                        </p>
                    })}
                    <Outlet />
                </section>
            </div>
        }
        .into_any(),
        _ => view! { <Redirect path="/login" /> }.into_any(),
    })
    .into_any()
}

/// `/console`: who is signed in, and the company's essentials.
#[component]
pub fn Dashboard() -> impl IntoView {
    let session = use_session();
    let me = LocalResource::new(move || {
        let token = session.token();
        async move {
            match token {
                Some(t) => api::me(&t).await.ok(),
                None => None,
            }
        }
    });
    let email = move || session.me().map(|m| m.email).unwrap_or_default();
    // The session already knows the tenant; `/me` refreshes it.
    let tenant = move || {
        me.get()
            .flatten()
            .and_then(|m| m.tenant)
            .or_else(|| session.me().and_then(|m| m.tenant))
    };
    // A reseller's staff: their own brand and portal; the tenant is their
    // operator's.
    let brand = use_brand();
    let reseller = untrack(move || session.is_reseller());
    let own_portal = format!("{}//{}", page_protocol(), page_host());
    let own_portal_for_steps = own_portal.clone();
    view! {
        <h1>"Dashboard"</h1>
        <p class="lead">"Welcome, " {email}</p>
        {move || {
            let own_portal = own_portal.clone();
            tenant()
                .map(|t| {
                    let (company_label, company, portal) = if reseller {
                        ("Brand", brand.name(), own_portal)
                    } else {
                        ("Company", t.company_name.clone(), t.portal_url.clone())
                    };
                    view! {
                        <dl class="facts">
                            <div>
                                <dt>{company_label}</dt>
                                <dd>{company}</dd>
                            </div>
                            {reseller.then(|| view! {
                                <div>
                                    <dt>"Operator"</dt>
                                    <dd>{t.company_name.clone()}</dd>
                                </div>
                            })}
                            <div>
                                <dt>"Billing currency"</dt>
                                <dd>{t.currency.to_string()}</dd>
                            </div>
                            <div>
                                <dt>"Country"</dt>
                                <dd>{t.country.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                            </div>
                            <div>
                                <dt>"Portal address"</dt>
                                <dd>
                                    <a href=portal.clone()>{portal.clone()}</a>
                                </dd>
                            </div>
                        </dl>
                    }
                })
        }}
        {(!reseller).then(|| view! { <first_steps::FirstSteps portal=own_portal_for_steps /> })}
        <revenue::RevenuePanel />
        <margin::MarginPanel />
    }
}

/// `/console/:section`: sections still to come.
#[component]
pub fn ConsoleSection() -> impl IntoView {
    let params = use_params_map();
    move || {
        let section = params.with(|p| p.get("section").unwrap_or_default());
        match SECTIONS.iter().find(|(path, _, _)| *path == section) {
            Some((_, title, coming)) => view! {
                <h1>{*title}</h1>
                <EmptyState title=format!("No {} yet", title.to_lowercase()) message=*coming />
            }
            .into_any(),
            None => view! {
                <h1>"Page not found"</h1>
                <EmptyState
                    title="This console page does not exist"
                    message="Pick a section from the menu."
                />
            }
            .into_any(),
        }
    }
}
