//! `/account/invoices/:id` (the link in invoice e-mails and PDFs): one
//! invoice with its lines and payments, and "Pay now" while it is open.

use super::invoices::paid_text;
use super::pay_invoice::{PayNowButton, payable};
use super::payments::payments_table;
use crate::api::{self, ApiError};
use crate::components::{amount_text, load_error, money};
use crate::contexts::use_session;
use leptos::prelude::*;
use ringledger_shared::api::billing::InvoiceDetail;
use uuid::Uuid;

/// One of the customer's invoices, above the rest of the account.
#[component]
pub fn InvoiceDetailSection(id: Uuid) -> impl IntoView {
    let session = use_session();
    let detail: LocalResource<Result<InvoiceDetail, ApiError>> = LocalResource::new(move || {
        let token = session.token();
        async move { api::my_invoice(&token.ok_or_else(ApiError::signed_out)?, id).await }
    });
    view! {
        <section class="invoice-detail" aria-labelledby="invoice-heading">
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the invoice…"</p> }>
                {move || detail.get().map(|r| match r {
                    Err(e) => view! {
                        <h2 id="invoice-heading">"Invoice"</h2>
                        {load_error(&e)}
                    }.into_any(),
                    Ok(d) => detail_view(d),
                })}
            </Transition>
        </section>
    }
}

fn detail_view(d: InvoiceDetail) -> AnyView {
    let i = d.invoice;
    let pay = payable(&i.status, i.amount_due, i.amount_paid).then(|| {
        view! { <div class="toolbar"><PayNowButton invoice_id=i.id described_by="invoice-heading" /></div> }
    });
    let paid = (!i.amount_paid.is_zero()).then(|| {
        view! { <div><dt>"Paid"</dt><dd>{paid_text(&i)}</dd></div> }
    });
    let void = d.credit_note.map(|n| {
        view! { <p class="muted">{format!("Voided by credit note {n}.")}</p> }
    });
    view! {
        <h2 id="invoice-heading">{format!("Invoice {}", i.number)}</h2>
        <dl class="facts">
            <div><dt>"Period"</dt><dd>{format!("{} – {}", i.period_start, i.period_end)}</dd></div>
            <div><dt>"Due"</dt><dd>{i.due_on.to_string()}</dd></div>
            <div><dt>"Total"</dt><dd>{money(i.total, &i.currency)}</dd></div>
            <div><dt>"Amount due"</dt><dd>{money(i.amount_due, &i.currency)}</dd></div>
            {paid}
            <div><dt>"Status"</dt><dd><span class=format!("badge badge-{}", i.status)>{i.status.clone()}</span></dd></div>
        </dl>
        {void}
        {pay}
        <div class="table-wrap">
            <table class="table">
                <caption>{format!("Lines of {}", i.number)}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Description"</th>
                        <th scope="col" class="num">"Net"</th>
                        <th scope="col" class="num">"Tax"</th>
                        <th scope="col" class="num">"Total"</th>
                    </tr>
                </thead>
                <tbody>
                    {d.lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{l.description}</td>
                            <td class="num">{amount_text(l.net, &i.currency)}</td>
                            <td class="num">{amount_text(l.tax, &i.currency)}</td>
                            <td class="num">{amount_text(l.gross, &i.currency)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(!d.payments.is_empty()).then(|| payments_table(d.payments, "Payments of this invoice"))}
    }
    .into_any()
}
