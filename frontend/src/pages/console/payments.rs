//! `/console/payments`: every payment of the seller and the resellers
//! below it — received, pending, failed (with why) and refunded — filtered
//! by status, method and period (kept in the address: back and reload keep
//! them), a page at a time, exported as CSV.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::save_file;
use crate::components::{
    EmptyState, FormAlert, amount_text, day_text, load_error, money, payment_status_class,
    purpose_text,
};
use crate::contexts::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use ringledger_shared::api::Page;
use ringledger_shared::api::payments::{PaymentQuery, PaymentView};

/// Payments a page.
const PAGE: u64 = 50;

const STATUSES: &[(&str, &str)] = &[
    ("", "Any status"),
    ("succeeded", "Received"),
    ("pending", "Pending"),
    ("failed", "Failed"),
    ("refunded", "Refunded"),
    ("canceled", "Canceled"),
];

const METHODS: &[(&str, &str)] = &[("", "Any method"), ("card", "Card"), ("manual", "By hand")];

/// The address of the page with these filters (empty ones left out).
fn address(status: &str, method: &str, from: &str, to: &str, page: u64) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("status", status),
        ("method", method),
        ("from", from),
        ("to", to),
    ] {
        if !v.trim().is_empty() {
            parts.push(format!("{k}={}", v.trim()));
        }
    }
    if page > 0 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        "/console/payments".to_owned()
    } else {
        format!("/console/payments?{}", parts.join("&"))
    }
}

/// The page.
#[component]
pub fn PaymentsPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    // The form's inputs, filled from the address (again when it changes:
    // back and forward).
    let status = RwSignal::new(String::new());
    let method = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    Effect::new(move |_| {
        status.set(param("status"));
        method.set(param("method"));
        from.set(param("from"));
        to.set(param("to"));
    });
    let page_no = move || param("page").parse::<u64>().unwrap_or(0);
    let applied = move || PaymentQuery {
        status: Some(param("status")),
        method: Some(param("method")),
        from: Some(param("from")),
        to: Some(param("to")),
        offset: Some((page_no() * PAGE).to_string()),
        limit: Some(PAGE.to_string()),
        customer_id: None,
    };
    let alert = RwSignal::new(None::<String>);
    let payments: LocalResource<Result<Page<PaymentView>, ApiError>> =
        LocalResource::new(move || {
            let q = applied();
            let token = token(session);
            async move { api::list_payments(&token?, &q).await }
        });
    let go = {
        let navigate = navigate.clone();
        move |page: u64| {
            navigate(
                &address(
                    &status.get_untracked(),
                    &method.get_untracked(),
                    &from.get_untracked(),
                    &to.get_untracked(),
                    page,
                ),
                Default::default(),
            );
        }
    };
    let on_submit = {
        let go = go.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            go(0);
        }
    };
    let export = move |_| {
        let mut q = untrack(applied);
        q.offset = None;
        q.limit = None;
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        spawn_local(async move {
            match api::export_payments(&token, &q).await {
                Ok((name, text)) => {
                    let name = name.unwrap_or_else(|| "payments.csv".into());
                    if save_file(&name, &text).is_none() {
                        alert.set(Some("The browser could not save the file.".into()));
                    }
                }
                Err(e) => alert.set(Some(e.message)),
            }
        });
    };
    let select = |id: &'static str,
                  label: &'static str,
                  value: RwSignal<String>,
                  options: &'static [(&'static str, &'static str)]| {
        view! {
            <label for=id>{label}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {options.iter().map(|(v, text)| view! { <option value=*v>{*text}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <h1>"Payments"</h1>
        <p class="muted">"Every payment of your customers: cards and payments recorded by hand, those still pending or retried, failed charges with why, and refunds. Record a payment or refund one on the customer's page."</p>
        <form class="form filters" on:submit=on_submit aria-label="Filter payments">
            {select("payments-status", "Status", status, STATUSES)}
            {select("payments-method", "Method", method, METHODS)}
            <label for="payments-from">"From"</label>
            <input id="payments-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
            <label for="payments-to">"To"</label>
            <input id="payments-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
            <button type="submit" class="button">"Filter"</button>
            <button type="button" class="button button-secondary" on:click=export>"Export CSV"</button>
        </form>
        <FormAlert message=alert />
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading payments…"</p> }>
            {move || payments.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(p) if p.items.is_empty() => view! {
                    <EmptyState title="No payments here" message="Payments appear as customers pay by card or you record one on a customer's page." />
                    <p><A href="/console/customers">"Go to customers"</A></p>
                }.into_any(),
                Ok(p) => {
                    let page = page_no();
                    let shown = (page * PAGE + 1, page * PAGE + p.items.len() as u64);
                    let more = shown.1 < p.total;
                    let (back, next) = (go.clone(), go.clone());
                    view! {
                        {payments_table(p.items)}
                        <p class="pager">
                            <span class="muted">{format!("{}–{} of {}", shown.0, shown.1, p.total)}</span>
                            " "
                            {(page > 0).then(|| view! {
                                <button type="button" class="button button-secondary" on:click=move |_| back(page - 1)>"Newer"</button>
                            })}
                            " "
                            {more.then(|| view! {
                                <button type="button" class="button button-secondary" on:click=move |_| next(page + 1)>"Older"</button>
                            })}
                        </p>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

fn payments_table(items: Vec<PaymentView>) -> AnyView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Payments"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Date"</th>
                        <th scope="col">"Customer"</th>
                        <th scope="col">"For"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Amount"</th>
                        <th scope="col" class="num">"Refunded"</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|p| {
                        let href = p.customer_id.map(|c| format!("/console/customers/{c}")).unwrap_or_default();
                        let who = p.customer_name.clone().unwrap_or_else(|| "—".into());
                        let detail = match (&p.failure, p.reference.is_empty()) {
                            (Some(why), _) => why.clone(),
                            (None, false) => p.reference.clone(),
                            (None, true) => String::new(),
                        };
                        let refunded = if p.refunded.is_zero() {
                            String::new()
                        } else {
                            amount_text(p.refunded, &p.currency)
                        };
                        view! {
                            <tr>
                                <th scope="row">{day_text(&p.created_at)}</th>
                                <td class="wrap-anywhere"><A href=href>{who}</A><br /><span class="muted small">{p.customer_email.clone().unwrap_or_default()}</span></td>
                                <td class="wrap-anywhere">{purpose_text(&p.purpose)}<br /><span class="muted small">{detail}</span></td>
                                <td><span class=payment_status_class(&p.status)>{p.status.clone()}</span></td>
                                <td class="num">{money(p.amount, &p.currency)}</td>
                                <td class="num">{refunded}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
