//! Payments: the seller's Stripe connection, its customers' payments and
//! refunds, the operator's own Ringledger plan; the customer's card
//! payments, saved card and auto top-up.

use super::{ApiError, delete, get_json, post_json, put_json};
use ringledger_shared::api::Page;
use ringledger_shared::api::payments::{
    AutoTopUpRequest, CheckoutRequest, CheckoutResult, CheckoutView, ConnectStripeRequest,
    ManualPaymentRequest, PaymentProfileView, PaymentSettingsView, PaymentView, RefundRequest,
    SubscriptionView,
};
use ringledger_shared::api::routes;
use uuid::Uuid;
use web_sys::js_sys::encode_uri_component;

/// The empty JSON body of the routes that take none.
fn no_body() -> serde_json::Value {
    serde_json::json!({})
}

/// `GET /api/v1/settings/payments`.
pub async fn get_payment_settings(token: &str) -> Result<PaymentSettingsView, ApiError> {
    get_json(routes::GET_PAYMENT_SETTINGS.rel(), Some(token)).await
}

/// `PUT /api/v1/settings/payments`: connects (or replaces) the seller's
/// Stripe account.
pub async fn connect_stripe(
    token: &str,
    request: &ConnectStripeRequest,
) -> Result<PaymentSettingsView, ApiError> {
    put_json(routes::PUT_PAYMENT_SETTINGS.rel(), Some(token), request).await
}

/// `DELETE /api/v1/settings/payments`: card payments stop.
pub async fn disconnect_stripe(token: &str) -> Result<(), ApiError> {
    delete(routes::DELETE_PAYMENT_SETTINGS.rel(), Some(token))
        .await
        .map(|_| ())
}

/// `GET /api/v1/customers/{id}/payments`.
pub async fn customer_payments(token: &str, id: Uuid) -> Result<Page<PaymentView>, ApiError> {
    get_json(&routes::LIST_CUSTOMER_PAYMENTS.fill(&[&id]), Some(token)).await
}

/// `POST /api/v1/customers/{id}/payments`: a payment received by hand.
pub async fn record_payment(
    token: &str,
    id: Uuid,
    request: &ManualPaymentRequest,
) -> Result<PaymentView, ApiError> {
    post_json(&routes::RECORD_PAYMENT.fill(&[&id]), Some(token), request).await
}

/// `POST /api/v1/payments/{id}/refunds`: the payment, with its refunds.
pub async fn refund_payment(
    token: &str,
    id: Uuid,
    request: &RefundRequest,
) -> Result<PaymentView, ApiError> {
    post_json(&routes::REFUND_PAYMENT.fill(&[&id]), Some(token), request).await
}

/// `GET /api/v1/subscription`: the operator's Ringledger plan.
pub async fn get_subscription(token: &str) -> Result<SubscriptionView, ApiError> {
    get_json(routes::GET_SUBSCRIPTION.rel(), Some(token)).await
}

/// `POST /api/v1/subscription/checkout`: where to pay for the plan.
pub async fn subscription_checkout(token: &str) -> Result<CheckoutView, ApiError> {
    post_json(routes::SUBSCRIPTION_CHECKOUT.rel(), Some(token), &no_body()).await
}

/// `POST /api/v1/my/invoices/{id}/checkout`: where to pay the invoice.
pub async fn pay_invoice(
    token: &str,
    id: Uuid,
    request: &CheckoutRequest,
) -> Result<CheckoutView, ApiError> {
    post_json(&routes::PAY_INVOICE.fill(&[&id]), Some(token), request).await
}

/// `POST /api/v1/my/top-ups`: where to pay a top-up of `request.amount`.
pub async fn top_up(token: &str, request: &CheckoutRequest) -> Result<CheckoutView, ApiError> {
    post_json(routes::TOP_UP.rel(), Some(token), request).await
}

/// `POST /api/v1/my/checkout/{session}/confirm`: the customer is back from
/// Stripe Checkout.
pub async fn confirm_checkout(token: &str, session: &str) -> Result<CheckoutResult, ApiError> {
    let session = String::from(encode_uri_component(session));
    post_json(
        &routes::CONFIRM_CHECKOUT.fill(&[&session]),
        Some(token),
        &no_body(),
    )
    .await
}

/// `GET /api/v1/my/payment-profile`: saved card, auto top-up, payments.
pub async fn my_payment_profile(token: &str) -> Result<PaymentProfileView, ApiError> {
    get_json(routes::GET_PAYMENT_PROFILE.rel(), Some(token)).await
}

/// `POST /api/v1/my/card`: where to save a card.
pub async fn save_my_card(token: &str) -> Result<CheckoutView, ApiError> {
    post_json(routes::SAVE_CARD.rel(), Some(token), &no_body()).await
}

/// `DELETE /api/v1/my/card`: forgets the saved card.
pub async fn remove_my_card(token: &str) -> Result<PaymentProfileView, ApiError> {
    let response = delete(routes::REMOVE_CARD.rel(), Some(token)).await?;
    super::read_json(response).await
}

/// `PUT /api/v1/my/auto-top-up`.
pub async fn set_auto_top_up(
    token: &str,
    request: &AutoTopUpRequest,
) -> Result<PaymentProfileView, ApiError> {
    put_json(routes::SET_AUTO_TOP_UP.rel(), Some(token), request).await
}

fn payment_pairs(q: &ringledger_shared::api::payments::PaymentQuery) -> String {
    super::catalog::query(&[
        ("status", q.status.clone()),
        ("method", q.method.clone()),
        ("from", q.from.clone()),
        ("to", q.to.clone()),
        ("customer_id", q.customer_id.clone()),
        ("offset", q.offset.clone()),
        ("limit", q.limit.clone()),
    ])
}

/// `GET /api/v1/payments`: a page of every payment, filtered.
pub async fn list_payments(
    token: &str,
    q: &ringledger_shared::api::payments::PaymentQuery,
) -> Result<Page<PaymentView>, ApiError> {
    let path = format!("{}{}", routes::LIST_PAYMENTS.rel(), payment_pairs(q));
    get_json(&path, Some(token)).await
}

/// `GET /api/v1/payments/export.csv`: the file's name and text.
pub async fn export_payments(
    token: &str,
    q: &ringledger_shared::api::payments::PaymentQuery,
) -> Result<(Option<String>, String), ApiError> {
    let path = format!("{}{}", routes::EXPORT_PAYMENTS.rel(), payment_pairs(q));
    super::catalog::get_csv(&path, token).await
}
