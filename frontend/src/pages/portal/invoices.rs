//! The customer's invoices on `/account`, each downloadable as PDF, the
//! open ones payable by card.

use super::pay_invoice::{PayNowButton, payable};
use super::signed_out;
use crate::api::{self, ApiError};
use crate::components::save_bytes;
use crate::components::{EmptyState, FormAlert, load_error, money};
use crate::contexts::language::current as locale;
use crate::contexts::{t, tf, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::Page;
use ringledger_shared::api::billing::InvoiceView;
use ringledger_shared::format;
use rust_decimal::Decimal;

/// An invoice's status as its badge reads it (`paid`).
pub fn invoice_status_text(status: &str) -> String {
    match status {
        "open" => t("account-invoice-status-open"),
        "overdue" => t("account-invoice-status-overdue"),
        "paid" => t("account-invoice-status-paid"),
        "void" => t("account-invoice-status-void"),
        other => other.replace('_', " "),
    }
}

/// An invoice's period: `2026-11-01 – 2026-11-30`.
pub fn period_text(i: &InvoiceView) -> String {
    format!(
        "{} – {}",
        format::date(i.period_start, locale()),
        format::date(i.period_end, locale())
    )
}

/// What has been paid of an invoice, when anything has.
pub fn paid_text(i: &InvoiceView) -> String {
    if i.amount_paid == Decimal::ZERO {
        "—".to_owned()
    } else {
        money(i.amount_paid, &i.currency)
    }
}

/// "Your invoices". `shown`: the invoice whose page this is (its "Pay now"
/// is above, by its details).
#[component]
pub fn InvoicesSection(#[prop(optional)] shown: Option<uuid::Uuid>) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let invoices: LocalResource<Result<Page<InvoiceView>, ApiError>> =
        LocalResource::new(move || {
            let token = session.token();
            async move {
                let token = token.ok_or_else(signed_out)?;
                api::my_invoices(&token).await
            }
        });
    let download = move |id: uuid::Uuid, number: String| {
        let Some(token) = session.token() else {
            return;
        };
        spawn_local(async move {
            match api::invoice_pdf(&token, &format!("/my/invoices/{id}/pdf")).await {
                Ok(bytes) => {
                    if save_bytes(&format!("{number}.pdf"), &bytes, "application/pdf").is_none() {
                        error.set(Some(t("account-save-failed")));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section class="invoices" aria-labelledby="invoices-heading">
            <h2 id="invoices-heading">{t("account-invoices")}</h2>
            <FormAlert message=error />
            <Transition fallback=|| view! { <p class="loading" role="status">{t("account-invoices-loading")}</p> }>
                {move || invoices.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(page) if page.items.is_empty() => view! {
                        <EmptyState title=t("account-no-invoices") message=t("account-no-invoices-note") />
                    }.into_any(),
                    Ok(page) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <caption>{t("account-invoices")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t("account-col-number")}</th>
                                        <th scope="col">{t("account-col-period")}</th>
                                        <th scope="col" class="num">{t("account-col-total")}</th>
                                        <th scope="col" class="num">{t("account-col-amount-due")}</th>
                                        <th scope="col" class="num">{t("account-col-paid")}</th>
                                        <th scope="col">{t("account-col-status")}</th>
                                        <th scope="col">{t("account-col-pdf")}</th>
                                        <th scope="col">{t("account-col-payment")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.items.into_iter().map(|i| {
                                        let (id, number) = (i.id, i.number.clone());
                                        let row_id = format!("invoice-row-{id}");
                                        let pay = (Some(id) != shown && payable(&i.status, i.amount_due, i.amount_paid)).then(|| view! {
                                            <PayNowButton invoice_id=id described_by=row_id.clone() />
                                        });
                                        view! {
                                            <tr>
                                                <th scope="row" id=row_id.clone()>{i.number.clone()}</th>
                                                <td>{period_text(&i)}</td>
                                                <td class="num">{money(i.total, &i.currency)}</td>
                                                <td class="num">{money(i.amount_due, &i.currency)}</td>
                                                <td class="num">{paid_text(&i)}</td>
                                                <td><span class=format!("badge badge-{}", i.status)>{invoice_status_text(&i.status)}</span></td>
                                                <td>
                                                    <button type="button" class="button button-secondary"
                                                        aria-label=tf("account-download-pdf", &[("number", number.as_str().into())])
                                                        on:click=move |_| download(id, number.clone())>{t("account-download")}</button>
                                                </td>
                                                <td>{pay}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
