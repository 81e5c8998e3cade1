//! The lists of `/console/catalog/plans`: plans, bundles and destination
//! groups, each a table (or a note that there are none yet).

use super::Catalog;
use crate::components::{EmptyState, ListUrl, Pager, SortHead, SortKey, money, sorted_page};
use leptos::prelude::*;
use ringledger_shared::rating::ServiceKind;

fn kinds_text(kinds: &[ServiceKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The plans, bundles and destination groups, each under its heading.
pub(super) fn lists(c: Catalog) -> AnyView {
    let plans = plans_table(&c);
    let bundles = bundles_table(&c);
    let groups = groups_table(&c);
    view! {
        <section aria-labelledby="plans-heading">
            <h2 id="plans-heading">"Plans"</h2>
            {plans}
        </section>
        <section aria-labelledby="bundles-heading">
            <h2 id="bundles-heading">"Bundles"</h2>
            {bundles}
        </section>
        <section aria-labelledby="groups-heading">
            <h2 id="groups-heading">"Destination groups"</h2>
            {groups}
        </section>
    }
    .into_any()
}

/// Plans per page.
const PLAN_PAGE: u64 = 50;

/// The plans, or "No plans yet"; sorted and paged in the address.
fn plans_table(c: &Catalog) -> AnyView {
    if c.plans.is_empty() {
        view! {
            <EmptyState
                title="No plans yet"
                message="A plan prices one service: per minute on a rate deck, a monthly fee, or both."
            />
        }
        .into_any()
    } else {
        let url = ListUrl::new(&["name", "service", "deck", "fee"]);
        let (plans, total) =
            sorted_page(c.plans.clone(), &url, PLAN_PAGE, |p, column| match column {
                "name" => SortKey::text(&p.name),
                "service" => SortKey::text(p.service_kind.label()),
                "deck" => SortKey::text(&c.deck_name(p.deck_id)),
                "fee" => p.monthly_fee.map_or(SortKey::None, SortKey::Number),
                _ => SortKey::None,
            });
        let shown = plans.len() as u64;
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">"Plans"</caption>
                    <thead>
                        <tr>
                            <SortHead list=url column="name" label="Name" />
                            <SortHead list=url column="service" label="Service" />
                            <SortHead list=url column="deck" label="Rate deck" />
                            <SortHead list=url column="fee" label="Monthly fee" numeric=true />
                        </tr>
                    </thead>
                    <tbody>
                        {plans
                            .iter()
                            .map(|p| {
                                let fee = p
                                    .monthly_fee
                                    .map_or_else(|| "—".to_owned(), |f| money(f, &p.currency));
                                view! {
                                    <tr>
                                        <th scope="row">{p.name.clone()}</th>
                                        <td>{p.service_kind.label()}</td>
                                        <td>{c.deck_name(p.deck_id)}</td>
                                        <td class="num">{fee}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {(total > PLAN_PAGE).then(|| view! { <Pager list=url total=total shown=shown page_size=PLAN_PAGE what="Plans" /> })}
        }
        .into_any()
    }
}

/// The bundles with their included minutes, or "No bundles yet".
fn bundles_table(c: &Catalog) -> AnyView {
    if c.bundles.is_empty() {
        view! {
            <EmptyState
                title="No bundles yet"
                message="A bundle sells services for a monthly fee, with minutes included to destination groups."
            />
        }
        .into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">"Bundles"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Monthly fee"</th>
                            <th scope="col">"Services"</th>
                            <th scope="col">"Rate deck"</th>
                            <th scope="col">"Included minutes"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {c
                            .bundles
                            .iter()
                            .map(|b| {
                                let allowances: Vec<String> = b
                                    .allowances
                                    .iter()
                                    .map(|a| {
                                        format!(
                                            "{} min to {} (priority {}; {})",
                                            a.minutes,
                                            c.group_name(a.group_id),
                                            a.priority,
                                            kinds_text(&a.service_kinds)
                                        )
                                    })
                                    .collect();
                                view! {
                                    <tr>
                                        <th scope="row">{b.name.clone()}</th>
                                        <td class="num">{money(b.monthly_fee, &b.currency)}</td>
                                        <td>{kinds_text(&b.service_kinds)}</td>
                                        <td>{c.deck_name(b.deck_id)}</td>
                                        <td class="wrap">
                                            {if allowances.is_empty() {
                                                "None".to_owned()
                                            } else {
                                                allowances.join("; ")
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

/// The destination groups with their prefixes, or "No destination groups
/// yet".
fn groups_table(c: &Catalog) -> AnyView {
    if c.groups.is_empty() {
        view! {
            <EmptyState
                title="No destination groups yet"
                message="A destination group (e.g. “UK mobiles” = 447) is what bundle minutes are for."
            />
        }
        .into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">"Destination groups"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Prefixes"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {c
                            .groups
                            .iter()
                            .map(|g| {
                                view! {
                                    <tr>
                                        <th scope="row">{g.name.clone()}</th>
                                        <td class="wrap">{g.prefixes.join(", ")}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    }
}
