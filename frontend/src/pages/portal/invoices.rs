//! The customer's invoices on `/account`, each downloadable as PDF, the
//! open ones payable by card.

use super::pay_invoice::{PayNowButton, payable};
use crate::api::{self, ApiError};
use crate::components::{EmptyState, FormAlert, load_error, money};
use crate::contexts::use_session;
use crate::pages::console::catalog::deck_detail::save_bytes;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::Page;
use ringledger_shared::api::billing::InvoiceView;
use rust_decimal::Decimal;

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
                let token = token.ok_or_else(ApiError::signed_out)?;
                api::my_invoices(&token).await
            }
        });
    let download = move |id: uuid::Uuid, number: String| {
        let Some(t) = session.token() else { return };
        spawn_local(async move {
            match api::invoice_pdf(&t, &format!("/my/invoices/{id}/pdf")).await {
                Ok(bytes) => {
                    if save_bytes(&format!("{number}.pdf"), &bytes, "application/pdf").is_none() {
                        error.set(Some("The browser could not save the file.".into()));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section class="invoices" aria-labelledby="invoices-heading">
            <h2 id="invoices-heading">"Your invoices"</h2>
            <FormAlert message=error />
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading your invoices…"</p> }>
                {move || invoices.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(page) if page.items.is_empty() => view! {
                        <EmptyState title="No invoices yet" message="Your first invoice arrives after your first billing period, with every service on it." />
                    }.into_any(),
                    Ok(page) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <caption>"Your invoices"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Number"</th>
                                        <th scope="col">"Period"</th>
                                        <th scope="col" class="num">"Total"</th>
                                        <th scope="col" class="num">"Amount due"</th>
                                        <th scope="col" class="num">"Paid"</th>
                                        <th scope="col">"Status"</th>
                                        <th scope="col">"PDF"</th>
                                        <th scope="col">"Payment"</th>
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
                                                <td>{format!("{} – {}", i.period_start, i.period_end)}</td>
                                                <td class="num">{money(i.total, &i.currency)}</td>
                                                <td class="num">{money(i.amount_due, &i.currency)}</td>
                                                <td class="num">{paid_text(&i)}</td>
                                                <td><span class=format!("badge badge-{}", i.status)>{i.status.clone()}</span></td>
                                                <td>
                                                    <button type="button" class="button button-secondary"
                                                        aria-label=format!("Download {number} as PDF")
                                                        on:click=move |_| download(id, number.clone())>"Download"</button>
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
