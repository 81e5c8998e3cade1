//! The lists of `/console/catalog/plans`: plans, bundles and destination
//! groups, each a table (or a note that there are none yet).

use super::Catalog;
use crate::components::{EmptyState, money};
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

/// The plans, or "No plans yet".
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
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">"Plans"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Service"</th>
                            <th scope="col">"Rate deck"</th>
                            <th scope="col">"Monthly fee"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {c
                            .plans
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
