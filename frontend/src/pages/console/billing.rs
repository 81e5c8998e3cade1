//! `/console/bill-runs`: start a bill run and watch its progress bar, then
//! the invoices by status, each downloadable as PDF and voidable only by a
//! credit note.

use super::catalog::{operator_currency, token};
use crate::api::{self, ApiError};
use crate::components::save_bytes;
use crate::components::{
    EmptyState, FormAlert, FormErrors, ListUrl, Pager, SelectField, SortHead, TextField,
    amount_text, capitalised, load_error, money,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::Page;
use ringledger_shared::api::billing::{BillRunView, InvoiceView};
use rust_decimal::Decimal;
use uuid::Uuid;

/// Invoices per page.
const INVOICE_PAGE: u64 = 50;

/// The columns the invoice list sorts by (the server's names).
const INVOICE_COLUMNS: &[&str] = &["number", "issued_on", "due_on", "total", "status"];

/// The status filter's options.
const STATUSES: &[(&str, &str)] = &[
    ("", "Any status"),
    ("open", "Open"),
    ("overdue", "Overdue"),
    ("paid", "Paid"),
    ("void", "Void"),
];

/// What a run invoiced, in the seller's `currency` (a run carries no
/// currency of its own; empty when the session does not know it).
fn invoiced_text(value: Decimal, currency: &str) -> String {
    if currency.is_empty() {
        amount_text(value, currency)
    } else {
        money(value, currency)
    }
}

/// "3 of 6 accounts".
fn progress_text(r: &BillRunView, currency: &str) -> String {
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if r.status == "done" && r.total_accounts == 0 {
        format!(
            "Done: nothing was due by {}. No account's billing period had ended by then \
             (each account is billed on its billing day, for the month before), or every \
             period that had ended is already invoiced.",
            r.as_of
        )
    } else if r.status == "done" {
        format!(
            "Done: {} for {}, {} in total.",
            plural(r.invoices, "invoice", "invoices"),
            plural(r.total_accounts, "account", "accounts"),
            invoiced_text(r.invoiced, currency),
        )
    } else {
        format!(
            "{} of {} accounts billed…",
            r.done_accounts, r.total_accounts
        )
    }
}

/// Follows a run until it is done, then reloads the invoices.
fn follow(
    session: Session,
    run: BillRunView,
    current: RwSignal<Option<BillRunView>>,
    reload: RwSignal<u32>,
) {
    current.set(Some(run.clone()));
    spawn_local(async move {
        let mut run = run;
        while run.status != "done" {
            gloo_timers::future::TimeoutFuture::new(400).await;
            let Ok(t) = token(session) else { break };
            match api::get_bill_run(&t, run.id).await {
                Ok(r) => {
                    run = r;
                    current.set(Some(run.clone()));
                }
                Err(_) => break,
            }
        }
        reload.update(|n| *n += 1);
    });
}

/// The page.
#[component]
pub fn BillingPage() -> impl IntoView {
    let session = use_session();
    let as_of = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let current = RwSignal::new(None::<BillRunView>);
    let reload = RwSignal::new(0u32);
    // The invoice list's status filter, order and page live in the address.
    let url = ListUrl::new(INVOICE_COLUMNS);
    let status = RwSignal::new(url.param_untracked("status"));
    Effect::new(move |first: Option<()>| {
        let s = status.get();
        if first.is_some() {
            url.set(&[("status", s)]);
        }
    });
    // The signed-in seller's: the currency its runs invoice in.
    let currency = StoredValue::new(operator_currency().unwrap_or_default());
    let invoices: LocalResource<Result<Page<InvoiceView>, ApiError>> =
        LocalResource::new(move || {
            let (status, sort) = (url.param("status"), url.sort_param());
            let offset = url.page() * INVOICE_PAGE;
            reload.track();
            let token = session.token();
            async move {
                let token = token.ok_or_else(ApiError::signed_out)?;
                api::list_invoices(&token, (&status, &sort), offset, INVOICE_PAGE).await
            }
        });
    // A run still going when the page opens is followed too.
    Effect::new(move |_| {
        if let Some(t) = session.token() {
            spawn_local(async move {
                if let Ok(runs) = api::list_bill_runs(&t).await
                    && let Some(run) = runs.into_iter().next()
                    && current.get_untracked().is_none()
                {
                    follow(session, run, current, reload);
                }
            });
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        form_error.set(None);
        let t = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let day = as_of.get_untracked();
        spawn_local(async move {
            match api::start_bill_run(&t, &day).await {
                Ok(run) => follow(session, run, current, reload),
                Err(e) if e.field.is_some() => {
                    errors.set_server(&e);
                }
                Err(e) => form_error.set(Some(capitalised(&e.message))),
            }
        });
    };
    let runs: LocalResource<Result<Vec<BillRunView>, ApiError>> = LocalResource::new(move || {
        reload.track();
        let token = session.token();
        async move { api::list_bill_runs(&token.ok_or_else(ApiError::signed_out)?).await }
    });
    view! {
        <h1>"Bill runs"</h1>
        <p class="lead">"One invoice per customer and billing period, covering every service."</p>
        <form class="search" aria-label="Start a bill run" on:submit=on_submit>
            <TextField id="as_of" field="as_of" label="Periods ended by (default today)" value=as_of errors=errors input_type="date" />
            <button type="submit" class="button">"Run bill run"</button>
        </form>
        <FormAlert message=form_error />
        {move || current.get().map(|r| {
            let max = r.total_accounts.max(1).to_string();
            let value = if r.total_accounts == 0 { "1".to_owned() } else { r.done_accounts.to_string() };
            view! {
                <div class="bill-run">
                    <progress max=max value=value aria-label="Bill run progress"></progress>
                    <p role="status">{currency.with_value(|c| progress_text(&r, c))}</p>
                </div>
            }
        })}
        <section aria-labelledby="runs-heading">
            <h2 id="runs-heading">"Past runs"</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading runs…"</p> }>
                {move || runs.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(list) if list.is_empty() => view! {
                        <p class="muted">"No bill run yet: runs start by themselves each day for the accounts whose billing day it is, or above by hand."</p>
                    }.into_any(),
                    Ok(list) => runs_table(list, currency.get_value()).into_any(),
                })}
            </Transition>
        </section>
        <section aria-labelledby="invoices-heading">
            <h2 id="invoices-heading">"Invoices"</h2>
            <form class="search" aria-label="Invoice filter" on:submit=|ev: SubmitEvent| ev.prevent_default()>
                <SelectField id="invoice-status" label="Status" value=status errors=errors options=STATUSES />
            </form>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading invoices…"</p> }>
                {move || invoices.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(page) if page.items.is_empty() && url.page() == 0 => view! {
                        <EmptyState title="No invoices" message="Run a bill run once a billing period has ended: each customer gets one invoice for all their services." />
                    }.into_any(),
                    Ok(page) => {
                        let (shown, total) = (page.items.len() as u64, page.total);
                        view! {
                            {invoice_table(session, url, page.items, reload)}
                            <Pager list=url total=total shown=shown page_size=INVOICE_PAGE what="Invoices" />
                        }
                        .into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// The runs, newest first.
fn runs_table(runs: Vec<BillRunView>, currency: String) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Past runs"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Periods ended by"</th>
                        <th scope="col">"Started"</th>
                        <th scope="col">"By"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Accounts"</th>
                        <th scope="col" class="num">"Invoices"</th>
                        <th scope="col" class="num">"Invoiced"</th>
                    </tr>
                </thead>
                <tbody>
                    {runs.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.as_of.to_string()}</th>
                            <td>{r.started_at.format("%Y-%m-%d %H:%M").to_string()}</td>
                            <td>{r.started_by.clone()}</td>
                            <td>{if r.status == "done" { "Done" } else { "Running" }}</td>
                            <td class="num">{r.total_accounts}</td>
                            <td class="num">{r.invoices}</td>
                            <td class="num">{invoiced_text(r.invoiced, &currency)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn invoice_table(
    session: Session,
    url: ListUrl,
    items: Vec<InvoiceView>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption>"Invoices"</caption>
                <thead>
                    <tr>
                        <SortHead list=url column="number" label="Number" />
                        <th scope="col">"Customer"</th>
                        <SortHead list=url column="issued_on" label="Period" />
                        <SortHead list=url column="total" label="Total" numeric=true />
                        <SortHead list=url column="due_on" label="Due" />
                        <SortHead list=url column="status" label="Status" />
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|i| view! { <InvoiceRow session invoice=i reload /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One invoice: PDF download, and voiding with a credit note.
#[component]
fn InvoiceRow(session: Session, invoice: InvoiceView, reload: RwSignal<u32>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let voiding = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let id: Uuid = invoice.id;
    let number = invoice.number.clone();
    let download = {
        let number = number.clone();
        move |_| {
            let Ok(t) = token(session) else { return };
            let number = number.clone();
            spawn_local(async move {
                match api::invoice_pdf(&t, &format!("/invoices/{id}/pdf")).await {
                    Ok(bytes) => {
                        if save_bytes(&format!("{number}.pdf"), &bytes, "application/pdf").is_none()
                        {
                            error.set(Some("The browser could not save the file.".into()));
                        }
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let confirm = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Ok(t) = token(session) else { return };
        let why = reason.get_untracked();
        spawn_local(async move {
            match api::void_invoice(&t, id, &why).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(capitalised(&e.message))),
            }
        });
    };
    let can_void = invoice.status != "void";
    let label = format!("Reason for voiding {number}");
    view! {
        <tr>
            <th scope="row">{number.clone()}</th>
            <td>{invoice.customer_name.clone()}</td>
            <td>{format!("{} – {}", invoice.period_start.format("%b %-d"), invoice.period_end.format("%b %-d, %Y"))}</td>
            <td class="num">{money(invoice.total, &invoice.currency)}</td>
            <td>{invoice.due_on.to_string()}</td>
            <td><span class=format!("badge badge-{}", invoice.status)>{invoice.status.clone()}</span></td>
            <td class="actions">
                <button type="button" class="button button-secondary button-small" on:click=download>"PDF"</button>
                {can_void.then(|| view! {
                    <button type="button" class="button button-secondary button-small" on:click=move |_| voiding.update(|v| *v = !*v)>"Void"</button>
                })}
                {move || voiding.get().then(|| view! {
                    <form class="inline-form" on:submit=confirm>
                        <input type="text" aria-label=label.clone() placeholder="Reason" required=true
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                        <button type="submit" class="button">"Issue credit note"</button>
                    </form>
                })}
                <FormAlert message=error />
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::{BillRunView, progress_text};

    fn run(status: &str, total: u64, invoices: u64) -> BillRunView {
        BillRunView {
            id: uuid::Uuid::nil(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            status: status.into(),
            total_accounts: total,
            done_accounts: total,
            invoices,
            invoiced: rust_decimal::Decimal::new(1200, 2),
            started_by: "owner@example.test".into(),
            started_at: chrono::DateTime::default(),
            finished_at: None,
        }
    }

    #[test]
    fn a_run_says_what_it_did_or_why_nothing_was_due() {
        assert_eq!(
            progress_text(&run("done", 1, 1), "GBP"),
            "Done: 1 invoice for 1 account, 12.00 GBP in total."
        );
        assert_eq!(
            progress_text(&run("done", 1, 1), ""),
            "Done: 1 invoice for 1 account, 12.00 in total."
        );
        let empty = progress_text(&run("done", 0, 0), "GBP");
        assert!(
            empty.starts_with("Done: nothing was due by 2026-12-01."),
            "{empty}"
        );
        assert!(empty.contains("billing day"), "{empty}");
    }
}
