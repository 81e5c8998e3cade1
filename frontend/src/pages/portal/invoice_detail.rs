//! `/account/invoices/:id` (the link in invoice e-mails and PDFs): one
//! invoice with its lines and payments, and "Pay now" while it is open.

use super::invoices::{invoice_status_text, paid_text, period_text};
use super::pay_invoice::{PayNowButton, payable};
use super::payments::payments_table;
use super::signed_out;
use crate::api::{self, ApiError};
use crate::components::{amount_text, load_error, money};
use crate::contexts::language::current as locale;
use crate::contexts::{t, tf, use_session};
use leptos::prelude::*;
use ringledger_shared::api::billing::InvoiceDetail;
use ringledger_shared::format;
use uuid::Uuid;

/// One of the customer's invoices, above the rest of the account.
#[component]
pub fn InvoiceDetailSection(id: Uuid) -> impl IntoView {
    let session = use_session();
    let detail: LocalResource<Result<InvoiceDetail, ApiError>> = LocalResource::new(move || {
        let token = session.token();
        async move { api::my_invoice(&token.ok_or_else(signed_out)?, id).await }
    });
    view! {
        <section class="invoice-detail" aria-labelledby="invoice-heading">
            <Transition fallback=|| view! { <p class="loading" role="status">{t("account-invoice-loading")}</p> }>
                {move || detail.get().map(|r| match r {
                    Err(e) => view! {
                        <h2 id="invoice-heading">{t("account-invoice")}</h2>
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
        view! { <div><dt>{t("account-col-paid")}</dt><dd>{paid_text(&i)}</dd></div> }
    });
    let void = d.credit_note.map(|n| {
        view! { <p class="muted">{tf("account-voided-by", &[("number", n.into())])}</p> }
    });
    view! {
        <h2 id="invoice-heading">{tf("account-invoice-title", &[("number", i.number.as_str().into())])}</h2>
        <dl class="facts">
            <div><dt>{t("account-col-period")}</dt><dd>{period_text(&i)}</dd></div>
            <div><dt>{t("account-due")}</dt><dd>{format::date(i.due_on, locale())}</dd></div>
            <div><dt>{t("account-col-total")}</dt><dd>{money(i.total, &i.currency)}</dd></div>
            <div><dt>{t("account-col-amount-due")}</dt><dd>{money(i.amount_due, &i.currency)}</dd></div>
            {paid}
            <div><dt>{t("account-col-status")}</dt><dd><span class=format!("badge badge-{}", i.status)>{invoice_status_text(&i.status)}</span></dd></div>
        </dl>
        {void}
        {pay}
        <div class="table-wrap">
            <table class="table">
                <caption>{tf("account-invoice-lines", &[("number", i.number.as_str().into())])}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("account-col-description")}</th>
                        <th scope="col" class="num">{t("account-col-net")}</th>
                        <th scope="col" class="num">{t("account-col-tax")}</th>
                        <th scope="col" class="num">{t("account-col-total")}</th>
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
        {(!d.payments.is_empty()).then(|| payments_table(d.payments, t("account-invoice-payments")))}
    }
    .into_any()
}
