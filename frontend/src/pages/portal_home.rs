//! `/` on a seller's portal: what is on sale, and the ways in.

use super::SuspendedNotice;
use super::portal::plan_text;
use super::portal::rate_lookup::{RateLookup, kind_label};
use crate::api;
use crate::components::{money, rate_money};
use crate::contexts::{t, tf, use_brand};
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
                {move || tf("portal-home-lead", &[("name", brand.name().into())])}
            </p>
            <p class="actions">
                <A href="/signup" attr:class="button">
                    {t("portal-sign-up")}
                </A>
                <A href="/account/login" attr:class="button button-secondary">
                    {t("portal-customer-sign-in")}
                </A>
                <A href="/login" attr:class="button button-secondary">
                    {t("portal-staff-sign-in")}
                </A>
            </p>
            <Suspense fallback=|| view! { <p class="loading" role="status">{t("portal-loading-offers")}</p> }>
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
                            {t("portal-home-help")} " " <a href=format!("mailto:{e}")>{e.clone()}</a>
                        </p>
                    }
                })}
        </section>
    }
}

fn kinds_text(kinds: &[ServiceKind]) -> String {
    kinds
        .iter()
        .map(|k| kind_label(*k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Plans by service kind, then bundles.
fn offers_view(o: OffersView) -> AnyView {
    if o.plans.is_empty() && o.bundles.is_empty() {
        return view! { <p class="muted">{t("portal-nothing-on-sale")}</p> }.into_any();
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
                        Some(r) => tf(
                            "portal-plan-from-rate",
                            &[
                                ("plan", plan_text(p).into()),
                                ("rate", rate_money(r.rate_per_minute, &o.currency).into()),
                            ],
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
            <h2 id="offers-heading">{t("portal-offers-heading")}</h2>
            <div class="offer-grid">
                {groups
                    .into_iter()
                    .map(|(k, plans)| {
                        let label = kind_label(k);
                        let aria_label = label.clone();
                        view! {
                            <section class="offer card" aria-label=aria_label>
                                <h3>{label}</h3>
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
                                let count = ("count", a.minutes.into());
                                let group = ("group", a.group_name.as_str().into());
                                if a.service_kinds.is_empty() {
                                    tf("portal-bundle-minutes", &[count, group])
                                } else {
                                    let services = ("services", kinds_text(&a.service_kinds).into());
                                    tf("portal-bundle-minutes-for", &[count, group, services])
                                }
                            })
                            .collect();
                        view! {
                            <section class="offer card" aria-label=tf("portal-bundle-aria", &[("name", b.name.as_str().into())])>
                                <p class="eyebrow">{t("portal-bundle")}</p>
                                <h3>{b.name.clone()}</h3>
                                <p class="price">{tf("portal-per-month", &[("amount", money(b.monthly_fee, &b.currency).into())])}</p>
                                <p>{kinds_text(&b.service_kinds)}</p>
                                <ul>{minutes.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                            </section>
                        }
                    })
                    .collect_view()}
            </div>
            <p>
                <A href="/signup" attr:class="button">{t("portal-sign-up")}</A>
            </p>
        </section>
    }
    .into_any()
}
