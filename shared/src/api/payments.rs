//! Payments on the wire: the operator's Stripe connection, card payments
//! through Stripe Checkout, saved cards and auto top-up, manual payments,
//! refunds, and operators' own Ringledger plan.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `GET /api/v1/settings/payments`: whether card payments work, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PaymentSettingsView {
    /// Card payments are configured (a Stripe account is connected).
    pub configured: bool,
    /// `test` or `live` (from the key), when configured.
    pub mode: Option<String>,
    /// The secret key's last characters, when configured.
    pub key_hint: Option<String>,
    /// The publishable key, when configured.
    pub publishable_key: Option<String>,
    /// Where Stripe sends this seller's events.
    pub webhook_url: String,
    /// When it was connected, and by whom.
    pub connected_at: Option<DateTime<Utc>>,
    /// Who connected it.
    pub connected_by: Option<String>,
    /// Days past due before an unpaid account's services stop.
    pub grace_days: u32,
}

/// `PUT /api/v1/settings/payments`: connect the seller's own Stripe account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ConnectStripeRequest {
    /// `sk_test_…`, `sk_live_…`, or a restricted `rk_…` key.
    #[serde(default)]
    pub secret_key: String,
    /// `pk_test_…` or `pk_live_…`.
    #[serde(default)]
    pub publishable_key: String,
    /// Days past due before an unpaid account's services stop (default 14).
    #[serde(default)]
    pub grace_days: Option<u32>,
}

/// A payment (or payment attempt) of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PaymentView {
    /// Id.
    pub id: Uuid,
    /// The account's customer.
    pub customer_id: Option<Uuid>,
    /// The invoice paid, if any.
    pub invoice_id: Option<Uuid>,
    /// `invoice`, `top_up`, `auto_top_up`, `auto_charge` or `save_card`.
    pub purpose: String,
    /// `card` or `manual`.
    pub method: String,
    /// `pending`, `succeeded`, `failed` or `canceled`.
    pub status: String,
    /// Amount.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount: Decimal,
    /// Refunded so far.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub refunded: Decimal,
    /// ISO 4217.
    pub currency: String,
    /// The card (`visa •••• 4242`) or the operator's reference.
    pub reference: String,
    /// Why the last attempt failed.
    pub failure: Option<String>,
    /// Attempts made (automatic charges).
    pub attempts: u32,
    /// When it is tried again.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When it succeeded.
    pub settled_at: Option<DateTime<Utc>>,
    /// Refunds.
    pub refunds: Vec<RefundView>,
    /// The customer's name (in the seller-wide list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// The customer's e-mail (in the seller-wide list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<String>,
}

/// A refund of a payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefundView {
    /// Id.
    pub id: Uuid,
    /// Amount.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount: Decimal,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/customers/{id}/payments`: a payment received by hand
/// (bank transfer, cash, cheque).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ManualPaymentRequest {
    /// Decimal string, greater than zero.
    #[serde(default)]
    pub amount: String,
    /// The invoice it pays, if any.
    #[serde(default)]
    pub invoice_id: Option<Uuid>,
    /// The operator's reference (e.g. the bank transfer's).
    #[serde(default)]
    pub reference: String,
}

/// `POST /api/v1/payments/{id}/refunds`: give money back (all or part).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefundRequest {
    /// Decimal string; the whole refundable remainder when absent.
    #[serde(default)]
    pub amount: Option<String>,
    /// Why (shown in the ledger).
    #[serde(default)]
    pub reason: String,
}

/// The answer to starting a card payment: where to send the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CheckoutView {
    /// The payment recorded for it (none when only saving a card).
    pub payment_id: Option<Uuid>,
    /// Stripe Checkout's page.
    pub url: String,
}

/// `POST /api/v1/my/invoices/{id}/checkout` and the top-up: options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CheckoutRequest {
    /// Top-ups only: decimal string, greater than zero.
    #[serde(default)]
    pub amount: Option<String>,
    /// Keep the card for later payments and auto top-up.
    #[serde(default)]
    pub save_card: bool,
}

/// What `POST /api/v1/my/checkout/{session}/confirm` found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CheckoutResult {
    /// `succeeded` (credited now or before), `pending` or `failed`.
    pub status: String,
    /// The payment, if one was made.
    pub payment: Option<PaymentView>,
}

/// The customer's card and auto top-up (`GET /api/v1/my/payment-profile`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PaymentProfileView {
    /// Card payments are configured by the seller.
    pub card_payments: bool,
    /// The saved card, e.g. `visa •••• 4242`.
    pub card: Option<String>,
    /// Auto top-up is on.
    pub auto_top_up: bool,
    /// Charge when the balance falls below this…
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub auto_top_up_below: Option<Decimal>,
    /// …this much.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub auto_top_up_amount: Option<Decimal>,
    /// The account's payments, newest first.
    pub payments: Vec<PaymentView>,
}

/// `PUT /api/v1/my/auto-top-up`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AutoTopUpRequest {
    /// On or off.
    #[serde(default)]
    pub enabled: bool,
    /// Decimal string: charge when the balance falls below this.
    #[serde(default)]
    pub below: String,
    /// Decimal string, greater than zero: charge this much.
    #[serde(default)]
    pub amount: String,
}

/// The operator's own Ringledger plan (`GET /api/v1/subscription`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SubscriptionView {
    /// The platform bills operators by card.
    pub billing_enabled: bool,
    /// `none`, `trialing`, `active`, `past_due` or `canceled`.
    pub status: String,
    /// End of the trial or paid period.
    pub period_end: Option<DateTime<Utc>>,
    /// When payment first failed.
    pub past_due_since: Option<DateTime<Utc>>,
    /// When the tenant is suspended if still unpaid.
    pub suspends_at: Option<DateTime<Utc>>,
    /// Trial days of a new plan.
    pub trial_days: u32,
}

/// The filters of `GET /api/v1/payments` (and its CSV export); every
/// value is a string so a bad one is a `400` naming it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, ToSchema))]
pub struct PaymentQuery {
    /// `pending`, `succeeded`, `failed`, `canceled`, or `refunded` (refunded in
    /// part or in full).
    pub status: Option<String>,
    /// `card` or `manual`.
    pub method: Option<String>,
    /// From this day (`YYYY-MM-DD`, inclusive).
    pub from: Option<String>,
    /// To this day (inclusive).
    pub to: Option<String>,
    /// One customer's (id).
    pub customer_id: Option<String>,
    /// Rows to skip.
    pub offset: Option<String>,
    /// At most this many (default 50, at most 200).
    pub limit: Option<String>,
}
