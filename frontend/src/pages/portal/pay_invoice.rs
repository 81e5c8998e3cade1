//! "Pay now": the customer pays an open or overdue invoice by card on
//! Stripe Checkout.

use crate::api::{self, ApiError};
use crate::components::{capitalised, go_to};
use crate::contexts::{t, tf, use_brand, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::payments::CheckoutRequest;
use rust_decimal::Decimal;
use uuid::Uuid;

/// Whether an invoice can be paid now: open or overdue, with something
/// left to pay.
pub fn payable(status: &str, amount_due: Decimal, amount_paid: Decimal) -> bool {
    matches!(status, "open" | "overdue") && amount_due > amount_paid
}

/// What to tell the customer when starting the payment failed.
fn failure_text(e: &ApiError, seller: &str) -> String {
    if e.code == ErrorCode::PaymentsNotConfigured {
        tf(
            "account-card-payments-unavailable",
            &[("seller", seller.into())],
        )
    } else {
        capitalised(&e.message)
    }
}

/// The "Pay now" button of one invoice; sends the browser to Stripe
/// Checkout. `described_by`: the id of what names the invoice (its row
/// header or heading).
#[component]
pub fn PayNowButton(
    /// The invoice.
    invoice_id: Uuid,
    /// Id of the element naming the invoice.
    #[prop(into)]
    described_by: String,
) -> impl IntoView {
    let session = use_session();
    let seller = use_brand().name_untracked();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_click = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Some(token) = session.token() else {
            return error.set(Some(super::signed_out().message));
        };
        error.set(None);
        busy.set(true);
        let seller = seller.clone();
        spawn_local(async move {
            match api::pay_invoice(&token, invoice_id, &CheckoutRequest::default()).await {
                Ok(c) if go_to(&c.url) => {}
                Ok(_) => {
                    error.set(Some(t("account-payment-page-failed")));
                    busy.set(false);
                }
                Err(e) => {
                    error.set(Some(failure_text(&e, &seller)));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <button type="button" class="button button-small" aria-describedby=described_by
            disabled=move || busy.get() on:click=on_click>{t("account-pay-now")}</button>
        {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
    }
}

#[cfg(test)]
mod tests {
    use super::{failure_text, payable};
    use crate::api::ApiError;
    use ringledger_shared::ErrorCode;
    use rust_decimal::Decimal;

    #[test]
    fn only_open_and_overdue_invoices_with_something_left_are_payable() {
        let (ten, four) = (Decimal::from(10), Decimal::from(4));
        assert!(payable("open", ten, Decimal::ZERO));
        assert!(payable("overdue", ten, four));
        assert!(!payable("open", ten, ten));
        assert!(!payable("open", Decimal::ZERO, Decimal::ZERO));
        assert!(!payable("paid", ten, Decimal::ZERO));
        assert!(!payable("void", ten, Decimal::ZERO));
    }

    #[test]
    fn not_configured_names_the_seller() {
        let e = ApiError {
            status: 409,
            code: ErrorCode::PaymentsNotConfigured,
            message: "card payments are not configured".into(),
            field: None,
            problems: Vec::new(),
        };
        assert_eq!(
            failure_text(&e, "Acme"),
            "Card payments are not available; contact Acme to pay by other means."
        );
    }
}
