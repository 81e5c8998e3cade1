//! `/` on a seller's portal: what is on sale, and the ways in.

use super::SuspendedNotice;
use super::portal::plan_text;
use super::portal::rate_lookup::RateLookup;
use crate::api;
use crate::components::{money, rate_money};
use crate::contexts::use_brand;
use leptos::prelude::*;
use leptos_router::components::A;
use ringledger_shared::api::customers::OffersView;
use ringledger_shared::rating::ServiceKind;

/// The seller's public home page.
#[component]
pub fn PortalHome() -> impl IntoView {
    let brand = use_brand();
    let offers = LocalResource::new(api::get_offers);
    view! {
        <section class="page hero">
            <SuspendedNotice />
            <h1>{move || brand.name()}</h1>
            <p class="lead">
                "Welcome to the " {move || brand.name()}
                " portal: calls, numbers and services, on one bill."
            </p>
            <p class="actions">
                <A href="/signup" attr:class="button">
                    "Sign up"
                </A>
                <A href="/account/login" attr:class="button button-secondary">
                    "Customer sign-in"
                </A>
                <A href="/login" attr:class="button button-secondary">
                    "Staff sign-in"
                </A>
            </p>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading what is on sale…"</p> }>
                {move || offers.get().map(|r| match r {
                    Ok(o) => offers_view(o),
                    Err(_) => ().into_any(),
                })}
            </Suspense>
            <RateLookup />
            {move || brand
                .get()
                .support_email
                .map(|e| {
                    view! {
                        <p class="muted">
                            "Need help? Write to " <a href=format!("mailto:{e}")>{e.clone()}</a>
                        </p>
                    }
                })}
        </section>
    }
}

fn kinds_text(kinds: &[ServiceKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Plans by service kind, then bundles.
fn offers_view(o: OffersView) -> AnyView {
    if o.plans.is_empty() && o.bundles.is_empty() {
        return view! { <p class="muted">"Nothing is on sale yet."</p> }.into_any();
    }
    let groups: Vec<_> = ServiceKind::ALL
        .iter()
        .filter_map(|k| {
            let plans: Vec<String> = o
                .plans
                .iter()
                .filter(|p| p.service_kind == *k)
                .map(|p| {
                    // A per-minute plan's headline rate, where it is exact.
                    match o.from_rates.iter().find(|r| r.plan_id == p.id) {
                        Some(r) => format!(
                            "{}, from {} a minute",
                            plan_text(p),
                            rate_money(r.rate_per_minute, &o.currency)
                        ),
                        None => plan_text(p),
                    }
                })
                .collect();
            (!plans.is_empty()).then_some((*k, plans))
        })
        .collect();
    let bundles = o.bundles.clone();
    view! {
        <section class="offers" aria-labelledby="offers-heading">
            <h2 id="offers-heading">"What we offer"</h2>
            <div class="offer-grid">
                {groups
                    .into_iter()
                    .map(|(k, plans)| {
                        view! {
                            <section class="offer card" aria-label=k.label()>
                                <h3>{k.label()}</h3>
                                <ul>{plans.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                            </section>
                        }
                    })
                    .collect_view()}
                {bundles
                    .into_iter()
                    .map(|b| {
                        let minutes: Vec<String> = b
                            .allowances
                            .iter()
                            .map(|a| {
                                // What the minutes cover: where to, and from which services.
                                if a.service_kinds.is_empty() {
                                    format!("{} minutes a month to {}", a.minutes, a.group_name)
                                } else {
                                    format!("{} minutes a month to {} ({})", a.minutes, a.group_name, kinds_text(&a.service_kinds))
                                }
                            })
                            .collect();
                        view! {
                            <section class="offer card" aria-label=format!("Bundle {}", b.name)>
                                <p class="eyebrow">"Bundle"</p>
                                <h3>{b.name.clone()}</h3>
                                <p class="price">{format!("{} a month", money(b.monthly_fee, &b.currency))}</p>
                                <p>{kinds_text(&b.service_kinds)}</p>
                                <ul>{minutes.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                            </section>
                        }
                    })
                    .collect_view()}
            </div>
            <p>
                <A href="/signup" attr:class="button">"Sign up"</A>
            </p>
        </section>
    }
    .into_any()
}
