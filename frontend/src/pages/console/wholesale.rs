//! `/console/wholesale` (resellers only): the reseller's account with its
//! parent — the parent debits it at the parent's prices on every call of
//! the reseller's customers and invoices it each period — with where to pay
//! and the wholesale invoices.

use super::catalog::token;
use super::resellers::kind_label;
use crate::api::{self, ApiError};
use crate::components::{EmptyState, load_error, money, money_text};
use crate::contexts::use_session;
use leptos::prelude::*;
use ringledger_shared::api::billing::InvoiceView;
use ringledger_shared::api::resellers::WholesaleStatement;

/// The wholesale page.
#[component]
pub fn WholesalePage() -> impl IntoView {
    let session = use_session();
    if !untrack(move || session.is_reseller()) {
        return view! {
            <h1>"Wholesale account"</h1>
            <p class="muted">
                "You have no wholesale account: as the operator, nobody above you bills your calls. Your resellers' wholesale accounts are under "
                <a href="/console/resellers">"Resellers"</a>
                "."
            </p>
        }
        .into_any();
    }
    let statement: LocalResource<Result<WholesaleStatement, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::get_wholesale(&token?).await }
        });
    view! {
        <h1>"Wholesale account"</h1>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading your wholesale account…"</p> }>
            {move || statement.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(s) => statement_view(s),
            })}
        </Transition>
    }
    .into_any()
}

/// The facts, where to pay, and the invoices.
fn statement_view(s: WholesaleStatement) -> AnyView {
    let a = &s.account;
    let parent = s.parent_name.clone();
    let credit_limit = (a.kind == "postpaid").then(|| {
        view! {
            <div><dt>"Credit limit"</dt><dd>{money_text(&a.credit_limit, &a.currency)}</dd></div>
        }
    });
    view! {
        <dl class="facts">
            <div><dt>"Billed by"</dt><dd>{parent.clone()}</dd></div>
            <div><dt>"Account"</dt><dd>{kind_label(&a.kind)}</dd></div>
            <div><dt>"Balance"</dt><dd>{money_text(&a.balance, &a.currency)}</dd></div>
            {credit_limit}
        </dl>
        <p class="muted">
            {format!(
                "{parent} debits this account at its own prices on every call of your customers, and invoices it each period."
            )}
        </p>
        <p>
            <a href=s.pay_url.clone()>{format!("Pay on {parent}'s portal")}</a>
            " — sign in with your owner e-mail and password."
        </p>
        <section aria-labelledby="wholesale-invoices-heading">
            <h2 id="wholesale-invoices-heading">"Wholesale invoices"</h2>
            {invoices_table(s.invoices)}
        </section>
    }
    .into_any()
}

fn invoices_table(invoices: Vec<InvoiceView>) -> AnyView {
    if invoices.is_empty() {
        return view! {
            <EmptyState
                title="No wholesale invoices yet"
                message="Your first one arrives after your first billing period, with your customers' calls at your parent's prices."
            />
        }
        .into_any();
    }
    let rows = invoices
        .into_iter()
        .map(|i| {
            view! {
                <tr>
                    <th scope="row">{i.number.clone()}</th>
                    <td>{format!("{} – {}", i.period_start, i.period_end)}</td>
                    <td>{i.issued_on.to_string()}</td>
                    <td class="num">{money(i.total, &i.currency)}</td>
                    <td class="num">{money(i.amount_due, &i.currency)}</td>
                    <td><span class=format!("badge badge-{}", i.status)>{crate::components::upper_first(&i.status)}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Wholesale invoices"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Period"</th>
                        <th scope="col">"Issued"</th>
                        <th scope="col" class="num">"Total"</th>
                        <th scope="col" class="num">"Amount due"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
