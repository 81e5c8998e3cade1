//! The customer is back from Stripe Checkout (`?checkout=<session id>`, or
//! `?checkout=canceled`): the payment is confirmed once and a banner says
//! how it went.

use crate::api;
use crate::components::capitalised;
use crate::contexts::{t, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::payments::CheckoutResult;

/// The `checkout` value Stripe sends the customer back with on cancel.
const CANCELED: &str = "canceled";

/// How the return went.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Checking,
    Received,
    CardSaved,
    Pending,
    Failed(Option<String>),
    Cancelled,
    Error(String),
}

impl Outcome {
    fn of(result: &CheckoutResult) -> Self {
        match (result.status.as_str(), &result.payment) {
            ("succeeded", None) => Self::CardSaved,
            ("succeeded", Some(_)) => Self::Received,
            ("pending", _) => Self::Pending,
            ("failed", p) => Self::Failed(p.as_ref().and_then(|p| p.failure.clone())),
            _ => Self::Cancelled,
        }
    }
}

/// The value of `name` in a query string (`?a=1&checkout=cs_…`).
fn query_value(search: &str, name: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The query string without `name` (`""` when nothing is left).
fn without_param(search: &str, name: &str) -> String {
    let rest: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(name))
        .collect();
    if rest.is_empty() {
        String::new()
    } else {
        format!("?{}", rest.join("&"))
    }
}

/// Reads `?checkout=` and removes it from the address bar, so that a reload
/// does not confirm again.
fn take_checkout_param() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let search = location.search().ok()?;
    let value = query_value(&search, "checkout")?;
    if let (Ok(history), Ok(path)) = (window.history(), location.pathname()) {
        let rest = without_param(&search, "checkout");
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{rest}")),
        );
    }
    Some(value)
}

/// The banner of a return from Checkout; `on_done` runs once the payment is
/// confirmed (to reload the balance and invoices shown). Renders nothing
/// without `?checkout=` in the URL.
#[component]
pub fn CheckoutReturn(on_done: Callback<()>) -> impl IntoView {
    let session = use_session();
    let outcome = RwSignal::new(None::<Outcome>);
    match take_checkout_param() {
        None => {}
        Some(v) if v == CANCELED => outcome.set(Some(Outcome::Cancelled)),
        Some(checkout) => {
            outcome.set(Some(Outcome::Checking));
            if let Some(token) = session.token() {
                spawn_local(async move {
                    match api::confirm_checkout(&token, &checkout).await {
                        Ok(r) => {
                            outcome.set(Some(Outcome::of(&r)));
                            on_done.run(());
                        }
                        Err(e) => outcome.set(Some(Outcome::Error(e.message))),
                    }
                });
            } else {
                outcome.set(Some(Outcome::Error(super::signed_out().message)));
            }
        }
    }
    move || {
        outcome.get().map(|o| match o {
            Outcome::Checking => view! {
                <p class="loading" role="status">{t("account-checking-payment")}</p>
            }
            .into_any(),
            Outcome::Received => view! {
                <div class="notice notice-ok" role="status">{t("account-payment-received")}</div>
            }
            .into_any(),
            Outcome::CardSaved => view! {
                <div class="notice notice-ok" role="status">{t("account-card-saved")}</div>
            }
            .into_any(),
            Outcome::Pending => view! {
                <div class="notice notice-warning" role="status">{t("account-payment-pending")}</div>
            }
            .into_any(),
            Outcome::Failed(reason) => view! {
                <div class="notice notice-warning" role="alert">
                    <p>{t("account-payment-failed")}</p>
                    {reason.map(|r| view! { <p>{capitalised(&r)}</p> })}
                </div>
            }
            .into_any(),
            Outcome::Cancelled => view! {
                <div class="notice notice-warning" role="status">{t("account-payment-cancelled")}</div>
            }
            .into_any(),
            Outcome::Error(m) => view! {
                <div class="form-alert" role="alert">{capitalised(&m)}</div>
            }
            .into_any(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{query_value, without_param};

    #[test]
    fn checkout_param_is_read_and_removed() {
        assert_eq!(
            query_value("?checkout=cs_test_1", "checkout").as_deref(),
            Some("cs_test_1")
        );
        assert_eq!(
            query_value("?a=1&checkout=canceled", "checkout").as_deref(),
            Some("canceled")
        );
        assert_eq!(query_value("?checkouts=x", "checkout"), None);
        assert_eq!(query_value("?checkout=", "checkout"), None);
        assert_eq!(query_value("", "checkout"), None);
        assert_eq!(without_param("?checkout=cs_1", "checkout"), "");
        assert_eq!(
            without_param("?a=1&checkout=cs_1&b=2", "checkout"),
            "?a=1&b=2"
        );
    }
}
