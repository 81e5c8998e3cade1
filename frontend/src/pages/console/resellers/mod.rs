//! `/console/resellers`: the resellers below the signed-in seller (any
//! depth) with their terms and wholesale accounts, the "New reseller" form,
//! the operator's "Nesting" rule (how many levels of resellers there may
//! be), and `/console/resellers/:id` where the terms can be changed.

mod detail;
mod nesting;
mod new_reseller;

pub use detail::ResellerDetail;

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{
    EmptyState, FormErrors, ListUrl, Pager, SelectField, SortHead, SortKey, TextField, focus_later,
    load_error, money_text, page_port, page_protocol, sorted_page,
};
use crate::contexts::{Session, use_session};
use leptos::prelude::*;
use leptos_router::components::A;
use nesting::NestingSection;
use new_reseller::NewResellerForm;
use ringledger_shared::api::resellers::{ResellerView, WholesaleView};
use ringledger_shared::money::Currency;
use rust_decimal::Decimal;
use std::str::FromStr;
use uuid::Uuid;

/// How a reseller's prices are raised over its parent's.
const MARKUP_KINDS: &[(&str, &str)] = &[
    ("percent", "Percent of your price"),
    ("per_minute", "Amount per minute"),
];

/// How a reseller pays its parent.
const ACCOUNT_KINDS: &[(&str, &str)] = &[("prepaid", "Prepaid"), ("postpaid", "Postpaid")];

/// An amount as sent by the server, without trailing zeros (`20.000000` →
/// `20`): a plain machine decimal (no grouping) fit to pre-fill an input;
/// any text that is not a number is shown as it is. Not
/// `crate::components::amount_text`, which formats for reading.
fn plain_decimal(raw: &str) -> String {
    Decimal::from_str(raw.trim()).map_or_else(|_| raw.to_owned(), |d| d.normalize().to_string())
}

/// "20 %" or "+0.015/min".
pub fn markup_text(kind: &str, value: &str) -> String {
    let value = plain_decimal(value);
    match kind {
        "percent" => format!("{value} %"),
        "per_minute" => format!("+{value}/min"),
        other => format!("{value} ({other})"),
    }
}

/// The address of a portal host, on the protocol (and port) of this page:
/// a reseller's portal is served where its parent's is.
pub fn portal_url(host: &str) -> String {
    if host.contains("://") {
        return host.to_owned();
    }
    let port = page_port();
    if host.contains(':') || port.is_empty() {
        format!("{}//{host}", page_protocol())
    } else {
        format!("{}//{host}:{port}", page_protocol())
    }
}

/// `prepaid` → `Prepaid`.
pub fn kind_label(kind: &str) -> String {
    ACCOUNT_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or_else(|| kind.to_owned(), |(_, label)| (*label).to_owned())
}

/// "Balance 12.50 GBP" (prepaid) or "Balance -3.20 GBP · credit limit
/// 100.00 GBP" (postpaid).
fn wholesale_money(w: &WholesaleView) -> String {
    let balance = format!("Balance {}", money_text(&w.balance, &w.currency));
    if w.kind == "postpaid" {
        format!(
            "{balance} · credit limit {}",
            money_text(&w.credit_limit, &w.currency)
        )
    } else {
        balance
    }
}

/// The monthly fee, or "—" when there is none.
fn fee_text(fee: &str, currency: &str) -> String {
    match Decimal::from_str(fee.trim()) {
        Ok(d) if d.is_zero() => "—".to_owned(),
        _ => money_text(fee, currency),
    }
}

/// The billing currency of the signed-in seller (from the session).
fn seller_currency(session: Session) -> Option<Currency> {
    untrack(move || session.me())
        .and_then(|m| m.tenant)
        .map(|t| t.currency)
}

/// The resellers page ("Nesting": the operator's only).
#[component]
pub fn ResellersPage() -> impl IntoView {
    let session = use_session();
    let operator = !untrack(move || session.is_reseller());
    let url = ListUrl::new(&["name", "portal", "fee", "customers"]);
    let list: LocalResource<Result<Vec<ResellerView>, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::list_resellers(&token?).await }
    });
    let form_open = RwSignal::new(false);
    let created = RwSignal::new(None::<ResellerView>);
    let open_form = move || {
        created.set(None);
        form_open.set(true);
        focus_later("reseller-name");
    };
    let on_created = move |r: ResellerView| {
        form_open.set(false);
        created.set(Some(r));
        list.refetch();
        focus_later("reseller-created");
    };
    let on_cancel = move || {
        form_open.set(false);
        focus_later("new-reseller-toggle");
    };
    view! {
        <h1>"Resellers"</h1>
        <p class="muted">
            "Resellers sell your services under their own brand, on their own portal, at a markup on your prices. You bill each of them every month through its wholesale account."
        </p>
        <div class="toolbar">
            <button
                type="button"
                id="new-reseller-toggle"
                class="button"
                aria-expanded=move || form_open.get().to_string()
                aria-controls="new-reseller"
                on:click=move |_| if form_open.get_untracked() { on_cancel() } else { open_form() }
            >
                "New reseller"
            </button>
        </div>
        {move || created.get().map(|r| created_notice(&r))}
        <Show when=move || form_open.get()>
            <NewResellerForm session=session on_created=on_created on_cancel=on_cancel />
        </Show>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading resellers…"</p> }>
            {move || list.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(items) if items.is_empty() => view! {
                    <EmptyState
                        title="No resellers yet"
                        message="A reseller gets its own branded portal and console, sells your plans at its markup, and pays you on a wholesale invoice."
                    >
                        <button type="button" class="button" on:click=move |_| open_form()>
                            "Add your first reseller"
                        </button>
                    </EmptyState>
                }.into_any(),
                Ok(items) => resellers_table(url, items),
            })}
        </Transition>
        {operator.then(|| view! { <NestingSection session=session /> })}
    }
}

/// "Reseller “Blue” created", with its portal and sign-in address.
fn created_notice(r: &ResellerView) -> AnyView {
    let url = portal_url(&r.portal_host);
    let login = format!("{url}/login");
    view! {
        <div class="notice notice-ok" role="status" id="reseller-created" tabindex="-1">
            <p><strong>{format!("Reseller “{}” created.", r.name)}</strong></p>
            <p>
                "Its owner signs in at "
                <a href=login.clone() target="_blank" rel="noopener">{login.clone()}</a>
                " with the e-mail and password you chose."
            </p>
        </div>
    }
    .into_any()
}

/// Resellers per page.
const PAGE: u64 = 50;

fn resellers_table(url: ListUrl, items: Vec<ResellerView>) -> AnyView {
    let names: Vec<(Uuid, String)> = items.iter().map(|r| (r.id, r.name.clone())).collect();
    // Unsorted, the list keeps the tree's order (each reseller under its parent).
    let (items, total) = sorted_page(items, &url, PAGE, |r, column| match column {
        "name" => SortKey::text(&r.name),
        "portal" => SortKey::text(&r.portal_host),
        "fee" => r
            .reseller_fee
            .parse()
            .map(SortKey::Number)
            .unwrap_or(SortKey::None),
        "customers" => SortKey::Number(r.customers.into()),
        _ => SortKey::None,
    });
    let shown = items.len() as u64;
    let parent_name = move |id: Uuid| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone());
    let rows = items
        .into_iter()
        .map(|r| {
            let url = portal_url(&r.portal_host);
            let under = (r.depth > 1).then(|| {
                let parent = parent_name(r.parent_id).unwrap_or_else(|| "a reseller".to_owned());
                view! { <span class="muted">{format!(" (under {parent})")}</span> }
            });
            let currency = r
                .wholesale
                .as_ref()
                .map(|w| w.currency.clone())
                .unwrap_or_default();
            let name = r.name.clone();
            let account = match &r.wholesale {
                Some(w) => view! {
                    {kind_label(&w.kind)}
                    <br />
                    <span class="muted">{wholesale_money(w)}</span>
                }
                .into_any(),
                None => view! { "—" }.into_any(),
            };
            view! {
                <tr>
                    <th scope="row">
                        <A href=format!("/console/resellers/{}", r.id)>{name}</A>
                        {under}
                    </th>
                    <td class="cell-url">
                        <a href=url.clone() target="_blank" rel="noopener"
                            aria-label=format!("Portal of {} (opens in a new tab)", r.name)>
                            {r.portal_host.clone()}
                        </a>
                        {r.custom_domain.clone().map(|d| view! { <br /><span class="muted">{d}</span> })}
                    </td>
                    <td>{markup_text(&r.markup_kind, &r.markup_value)}</td>
                    <td class="num">{fee_text(&r.reseller_fee, &currency)}</td>
                    <td class="wrap">{account}</td>
                    <td class="num">{r.customers.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Resellers"</caption>
                <thead>
                    <tr>
                        <SortHead list=url column="name" label="Name" />
                        <SortHead list=url column="portal" label="Portal" />
                        <th scope="col">"Markup"</th>
                        <SortHead list=url column="fee" label="Monthly fee" numeric=true />
                        <th scope="col">"Account"</th>
                        <SortHead list=url column="customers" label="Customers" numeric=true />
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(total > PAGE).then(|| view! { <Pager list=url total=total shown=shown page_size=PAGE what="Resellers" /> })}
    }
    .into_any()
}

/// The hint under "Markup value", for the chosen kind.
fn markup_hint(kind: &str, currency: &str) -> String {
    if kind == "per_minute" {
        format!("Added to your price of every minute, in {currency}, e.g. 0.015.")
    } else {
        "Percent added to your prices (rate and connect fee), e.g. 20.".to_owned()
    }
}

/// "Markup" (its kind) and "Markup value", with a hint for the chosen kind.
#[component]
fn MarkupFields(
    kind: RwSignal<String>,
    value: RwSignal<String>,
    errors: FormErrors,
    /// The seller's currency (for a markup per minute).
    currency: String,
) -> impl IntoView {
    view! {
        <div class="field-row">
            <SelectField id="markup_kind" label="Markup" value=kind errors=errors options=MARKUP_KINDS />
            <TextField id="markup_value" label="Markup value" value=value errors=errors
                inputmode="decimal" required=true
                hint=move || {
                    let currency = currency.clone();
                    view! { {move || markup_hint(&kind.get(), &currency)} }
                } />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{fee_text, markup_text};

    #[test]
    fn markups_read_naturally() {
        assert_eq!(markup_text("percent", "20.000000"), "20 %");
        assert_eq!(markup_text("per_minute", "0.015000"), "+0.015/min");
    }

    #[test]
    fn fees() {
        assert_eq!(fee_text("0.000000", "GBP"), "—");
        assert_eq!(fee_text("10.5", "GBP"), "10.50 GBP");
    }
}
