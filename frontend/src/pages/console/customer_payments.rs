//! "Payments" on `/console/customers/:id`: the customer's payments with
//! their refunds, "Refund" per succeeded payment, and "Record a payment"
//! for money received by hand.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{
    ChoiceField, EmptyState, FormAlert, FormErrors, TextField, amount_text, day_text, load_error,
    money, payment_status_class, positive_amount, purpose_text,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::access::Permission;
use ringledger_shared::api::Page;
use ringledger_shared::api::billing::InvoiceView;
use ringledger_shared::api::payments::{ManualPaymentRequest, PaymentView, RefundRequest};
use ringledger_shared::error::FieldError;
use ringledger_shared::validate::DisplayName;
use uuid::Uuid;

/// Called with what was done, after a payment or refund.
type Done = Callback<String>;

/// The customer's payments. `on_change` runs after a payment or refund (the
/// balance shown above changes).
#[component]
pub fn CustomerPayments(
    /// The customer.
    customer_id: Uuid,
    /// The account's currency.
    #[prop(into)]
    currency: String,
    /// Runs after a change.
    on_change: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let reload = RwSignal::new(0u32);
    let payments: LocalResource<Result<Page<PaymentView>, ApiError>> =
        LocalResource::new(move || {
            reload.track();
            let token = token(session);
            async move { api::customer_payments(&token?, customer_id).await }
        });
    let invoices: LocalResource<Result<Page<InvoiceView>, ApiError>> =
        LocalResource::new(move || {
            reload.track();
            let token = token(session);
            async move { api::customer_invoices(&token?, customer_id).await }
        });
    let note = RwSignal::new(None::<String>);
    let done: Done = Callback::new(move |message: String| {
        note.set(Some(message));
        reload.update(|n| *n += 1);
        on_change.run(());
    });
    view! {
        <section aria-labelledby="payments-heading">
            <h2 id="payments-heading">"Payments"</h2>
            {move || note.get().map(|m| view! { <p class="form-done" role="status">{m}</p> })}
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading payments…"</p> }>
                {move || payments.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(page) if page.items.is_empty() => view! {
                        <EmptyState title="No payments yet" message="Card payments, top-ups and the payments you record show here." />
                    }.into_any(),
                    Ok(page) => payments_table(session, page.items, done),
                })}
            </Transition>
            // Only roles that move money see the form (the server refuses the rest).
            {untrack(move || session.can(Permission::Money)).then(|| view! {
                <section class="catalog-form" aria-labelledby="record-payment-heading">
                    <h3 id="record-payment-heading">"Record a payment"</h3>
                    <p class="muted">"Money received by bank transfer, cash or cheque: it credits the balance and, if you choose one, pays the invoice."</p>
                    <RecordPaymentForm session=session customer_id=customer_id currency=currency invoices=invoices done=done />
                </section>
            })}
        </section>
    }
}

/// `5.00 USD · succeeded · Goodwill (ann@acme.test, 2026-11-26)`.
fn refund_text(r: &ringledger_shared::api::payments::RefundView, currency: &str) -> String {
    format!(
        "{} · {} · {} ({}, {})",
        money(r.amount, currency),
        r.status,
        r.reason,
        r.created_by,
        day_text(&r.created_at)
    )
}

fn payments_table(session: Session, items: Vec<PaymentView>, done: Done) -> AnyView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Payments"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Date"</th>
                        <th scope="col">"Purpose"</th>
                        <th scope="col" class="num">"Amount"</th>
                        <th scope="col" class="num">"Refunded"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Reference"</th>
                        <th scope="col">"Failure"</th>
                        <th scope="col">"Refunds"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|p| {
                        let row_id = format!("payment-{}", p.id);
                        let refundable = p.status == "succeeded" && p.amount > p.refunded;
                        let left = money(p.amount - p.refunded, &p.currency);
                        let currency = p.currency.clone();
                        let refunds = p.refunds.iter().map(|r| refund_text(r, &p.currency)).collect::<Vec<_>>();
                        view! {
                            <tr>
                                <th scope="row" id=row_id.clone()>{day_text(&p.created_at)}</th>
                                <td>{purpose_text(&p.purpose)}</td>
                                <td class="num">{money(p.amount, &p.currency)}</td>
                                <td class="num">{amount_text(p.refunded, &p.currency)}</td>
                                <td><span class=payment_status_class(&p.status)>{p.status.clone()}</span></td>
                                <td class="wrap">{p.reference.clone()}</td>
                                <td class="wrap">{p.failure.clone().unwrap_or_default()}</td>
                                <td class="wrap">
                                    <ul class="plain">
                                        {refunds.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                                    </ul>
                                </td>
                                <td class="actions">
                                    {(refundable && untrack(move || session.can(Permission::Money))).then(|| view! {
                                        <RefundAction session=session payment_id=p.id row_id=row_id left=left currency=currency done=done />
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// "Refund": a small form (amount, empty for all that is left; reason).
#[component]
fn RefundAction(
    session: Session,
    payment_id: Uuid,
    /// Id of the row header naming the payment.
    row_id: String,
    /// What is left to refund, e.g. `10.00 USD`.
    left: String,
    /// The payment's currency.
    currency: String,
    done: Done,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let hint = format!("Empty: all that is left ({left}).");
    let currency = StoredValue::new(currency);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        alert.set(None);
        let raw = amount.get_untracked();
        let mut invalid = Vec::new();
        let amount = if raw.trim().is_empty() {
            None
        } else {
            currency
                .with_value(|c| positive_amount("amount", &raw, c))
                .map_err(|e| invalid.push(e))
                .ok()
        };
        if let Err(e) = DisplayName::parse("reason", &reason.get_untracked()) {
            invalid.push(e);
        }
        if !invalid.is_empty() {
            return errors.set_all(invalid);
        }
        let t = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        let request = RefundRequest {
            amount,
            reason: reason.get_untracked().trim().to_owned(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::refund_payment(&t, payment_id, &request).await {
                Ok(p) => {
                    busy.set(false);
                    // Last: this reloads the table (and this form).
                    done.run(format!(
                        "Refund issued: {} of this payment refunded so far.",
                        money(p.refunded, &p.currency)
                    ));
                }
                Err(e) => {
                    errors.show_server_unprefixed(&e, alert);
                    busy.set(false);
                }
            }
        });
    };
    let (amount_id, reason_id) = (
        format!("refund-{payment_id}-amount"),
        format!("refund-{payment_id}-reason"),
    );
    view! {
        <button type="button" class="button button-secondary button-small" aria-describedby=row_id
            aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>"Refund"</button>
        <Show when=move || open.get()>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=alert />
                <TextField id=amount_id.clone() field="amount" label="Amount to refund" value=amount errors=errors
                    inputmode="decimal" placeholder="All" hint={let h = hint.clone(); move || h.clone()} />
                <TextField id=reason_id.clone() field="reason" label="Reason" value=reason errors=errors required=true />
                <div>
                    <button type="submit" class="button button-small" disabled=move || busy.get()>"Issue refund"</button>
                </div>
            </form>
        </Show>
    }
}

/// The open invoices a payment can pay, as select options.
fn invoice_options(invoices: Option<Result<Page<InvoiceView>, ApiError>>) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "None: credit the balance".to_owned())];
    if let Some(Ok(page)) = invoices {
        options.extend(
            page.items
                .into_iter()
                .filter(|i| matches!(i.status.as_str(), "open" | "overdue"))
                .map(|i| {
                    let left = i.amount_due - i.amount_paid;
                    (
                        i.id.to_string(),
                        format!("{} — {} due", i.number, money(left, &i.currency)),
                    )
                }),
        );
    }
    options
}

/// "Record a payment": amount, the invoice it pays (optional), reference.
#[component]
fn RecordPaymentForm(
    session: Session,
    customer_id: Uuid,
    currency: String,
    invoices: LocalResource<Result<Page<InvoiceView>, ApiError>>,
    done: Done,
) -> impl IntoView {
    let amount = RwSignal::new(String::new());
    let invoice = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let options = Signal::derive(move || invoice_options(invoices.get()));
    let hint = format!("In {currency}.");
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        alert.set(None);
        let mut invalid: Vec<FieldError> = Vec::new();
        let paid = positive_amount("amount", &amount.get_untracked(), &currency)
            .map_err(|e| invalid.push(e))
            .ok();
        if let Err(e) = DisplayName::parse("reference", &reference.get_untracked()) {
            invalid.push(e);
        }
        let Some(paid) = paid.filter(|_| invalid.is_empty()) else {
            return errors.set_all(invalid);
        };
        let t = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        let request = ManualPaymentRequest {
            amount: paid,
            invoice_id: invoice.with_untracked(|i| Uuid::parse_str(i).ok()),
            reference: reference.get_untracked().trim().to_owned(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::record_payment(&t, customer_id, &request).await {
                Ok(p) => {
                    amount.set(String::new());
                    invoice.set(String::new());
                    reference.set(String::new());
                    busy.set(false);
                    done.run(format!(
                        "Payment of {} recorded.",
                        money(p.amount, &p.currency)
                    ));
                }
                Err(e) => {
                    errors.show_server_unprefixed(&e, alert);
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=alert />
            <div class="field-row">
                <TextField id="manual-payment-amount" field="amount" label="Amount" value=amount errors=errors
                    inputmode="decimal" required=true hint=move || hint.clone() />
                <ChoiceField id="manual-payment-invoice" field="invoice_id" label="Invoice (optional)" value=invoice
                    errors=errors options=options />
            </div>
            <TextField id="manual-payment-reference" field="reference" label="Reference" value=reference errors=errors
                required=true hint=|| "E.g. the bank transfer's reference." />
            <div>
                <button type="submit" class="button" disabled=move || busy.get()>"Record payment"</button>
            </div>
        </form>
    }
}
