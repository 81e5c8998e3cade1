//! "Statement" on `/console/customers/:id`: the account over a period kept
//! in the address — opening balance, every posting with the balance after
//! it, closing balance.

use super::books::kind_label;
use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{PeriodPicker, UrlPeriod, exact_text, load_error};
use crate::contexts::use_session;
use leptos::prelude::*;
use ringledger_shared::api::books::StatementView;
use uuid::Uuid;

/// The customer's statement. `changes` is bumped after anything on the
/// page moved money (a payment, a refund): the statement loads again.
#[component]
pub fn CustomerStatement(
    /// The customer.
    customer_id: Uuid,
    /// Bumped when the account changed.
    #[prop(into)]
    changes: Signal<u32>,
) -> impl IntoView {
    let session = use_session();
    let period = UrlPeriod::new();
    let statement: LocalResource<Result<StatementView, ApiError>> = LocalResource::new(move || {
        changes.track();
        let (from, to) = (period.from.get(), period.to.get());
        let token = token(session);
        async move { api::customer_statement(&token?, customer_id, &from, &to).await }
    });
    Effect::new(move |_| match statement.get() {
        Some(Ok(s)) => period.loaded(s.from, s.to),
        Some(Err(e)) => {
            period.failed(&e);
        }
        None => {}
    });
    view! {
        <section aria-labelledby="statement-heading">
            <h2 id="statement-heading">"Statement"</h2>
            <PeriodPicker period=period id="statement" label="Statement period" />
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the statement…"</p> }>
                {move || statement.get().map(|r| match r {
                    Err(e) if e.field.is_some() => view! {
                        <p class="muted">"Pick a valid period above."</p>
                    }.into_any(),
                    Err(e) => load_error(&e),
                    Ok(s) => statement_view(&s),
                })}
            </Transition>
        </section>
    }
}

fn statement_view(s: &StatementView) -> AnyView {
    // Postings keep their fractions of a penny (a call charged at 4
    // places), so the balances after them add up to the last digit.
    let currency = s.currency.clone();
    let m = move |d| exact_text(d, &currency);
    view! {
        {s.entries.is_empty().then(|| view! {
            <p class="muted" role="status">"No postings in this period: the balance did not change."</p>
        })}
        <div class="table-wrap">
            <table class="table books-table">
                <caption>{format!("Statement, {} to {}, in {}", s.from, s.to, s.currency)}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Date"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"By"</th>
                        <th scope="col" class="num">"Amount"</th>
                        <th scope="col" class="num">"Balance"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="statement-edge">
                        <td>{s.from.to_string()}</td>
                        <th scope="row">"Opening balance"</th>
                        <td></td>
                        <td class="num"></td>
                        <td class="num">{m(s.opening)}</td>
                    </tr>
                    {s.entries.iter().map(|e| {
                        let what = if e.reason.trim().is_empty() {
                            kind_label(&e.kind)
                        } else {
                            format!("{}: {}", kind_label(&e.kind), e.reason)
                        };
                        view! {
                            <tr>
                                <td>{e.created_at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                <th scope="row" class="wrap">{what}</th>
                                <td class="wrap">{e.actor.clone()}</td>
                                <td class="num">{m(e.amount)}</td>
                                <td class="num">{m(e.balance_after)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <td>{s.to.to_string()}</td>
                        <th scope="row">"Closing balance"</th>
                        <td></td>
                        <td class="num">{m(s.closing - s.opening)}</td>
                        <td class="num">{m(s.closing)}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
    .into_any()
}
