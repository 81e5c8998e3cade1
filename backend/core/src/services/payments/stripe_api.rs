//! The Stripe calls Ringledger makes, as a port: [`StripeConnect`] opens a
//! [`StripeClient`] for one account's secret key; the use cases and
//! services see only these traits and the shapes below (the adapter over
//! async-stripe is `stripe_http`).
//!
//! The request and response shapes name only the fields we send and read,
//! so a field Stripe adds or a fake leaves out changes nothing. Every call
//! that creates something takes an idempotency key derived from our own row
//! ids, so a retried request never charges, refunds or creates twice.

use serde::Deserialize;
use std::collections::BTreeMap;
use stripe::StripeError;

/// Why a Stripe call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StripeFailure {
    /// The card was declined (the message is safe to show the customer).
    Declined(String),
    /// Stripe refused the request (bad key, bad parameter, unknown object).
    Rejected(String),
    /// Stripe could not be reached or failed; worth trying again later.
    Unavailable(String),
}

impl std::fmt::Display for StripeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StripeFailure::Declined(m) => write!(f, "card declined: {m}"),
            StripeFailure::Rejected(m) => write!(f, "refused by Stripe: {m}"),
            StripeFailure::Unavailable(m) => write!(f, "Stripe unavailable: {m}"),
        }
    }
}

impl From<StripeError> for StripeFailure {
    fn from(e: StripeError) -> Self {
        match e {
            StripeError::Stripe(r) => {
                let message = r
                    .message
                    .clone()
                    .unwrap_or_else(|| r.error_type.to_string());
                if matches!(r.error_type, stripe::ErrorType::Card) {
                    StripeFailure::Declined(message)
                } else if (400..500).contains(&r.http_status) && r.http_status != 429 {
                    StripeFailure::Rejected(message)
                } else {
                    StripeFailure::Unavailable(message)
                }
            }
            other => StripeFailure::Unavailable(other.to_string()),
        }
    }
}

/// What a Stripe call returns.
pub type StripeResult<T> = Result<T, StripeFailure>;

/// Metadata attached to Stripe objects (our ids, to find our rows again).
pub type Metadata = BTreeMap<String, String>;

/// A webhook endpoint (its signing secret is only returned on creation).
#[derive(Debug, Clone, Deserialize)]
pub struct WebhookEndpoint {
    pub id: String,
    #[serde(default)]
    pub secret: Option<String>,
}

/// A Stripe customer.
#[derive(Debug, Clone, Deserialize)]
pub struct Customer {
    pub id: String,
}

/// A Checkout Session, as far as we read it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub payment_status: String,
    #[serde(default)]
    pub amount_total: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub customer: Option<String>,
    #[serde(default)]
    pub payment_intent: Option<String>,
    #[serde(default)]
    pub setup_intent: Option<String>,
    #[serde(default)]
    pub subscription: Option<String>,
    #[serde(default)]
    pub client_reference_id: Option<String>,
    #[serde(default)]
    pub metadata: Metadata,
}

/// A PaymentIntent, as far as we read it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaymentIntent {
    pub id: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub amount: i64,
    #[serde(default)]
    pub amount_received: i64,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub customer: Option<String>,
    #[serde(default)]
    pub payment_method: Option<String>,
    #[serde(default)]
    pub setup_future_usage: Option<String>,
    #[serde(default)]
    pub last_payment_error: Option<PaymentError>,
    #[serde(default)]
    pub metadata: Metadata,
}

/// Why a PaymentIntent's last attempt failed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaymentError {
    #[serde(default)]
    pub message: Option<String>,
}

/// A charge (what a refund made in Stripe's dashboard changes).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Charge {
    pub id: String,
    #[serde(default)]
    pub amount: i64,
    #[serde(default)]
    pub amount_refunded: i64,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub payment_intent: Option<String>,
}

/// A SetupIntent (saving a card without paying).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SetupIntent {
    pub id: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub payment_method: Option<String>,
    #[serde(default)]
    pub customer: Option<String>,
}

/// A card's displayable details (never its number).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CardDetails {
    #[serde(default)]
    pub brand: String,
    #[serde(default)]
    pub last4: String,
}

/// A saved payment method.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaymentMethod {
    pub id: String,
    #[serde(default)]
    pub card: Option<CardDetails>,
}

/// A refund.
#[derive(Debug, Clone, Deserialize)]
pub struct Refund {
    pub id: String,
    #[serde(default)]
    pub status: String,
}

/// A Stripe subscription, as far as we read it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Subscription {
    pub id: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub customer: Option<String>,
    #[serde(default)]
    pub current_period_end: Option<i64>,
    #[serde(default)]
    pub metadata: Metadata,
}

/// What a one-time card payment through Checkout is for.
#[derive(Debug, Clone)]
pub struct PaymentCheckout<'a> {
    pub customer: &'a str,
    /// Minor units.
    pub amount: i64,
    /// Lowercase ISO 4217.
    pub currency: String,
    pub description: &'a str,
    pub save_card: bool,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    pub metadata: Metadata,
}

/// An off-session charge of a saved card.
#[derive(Debug, Clone)]
pub struct OffSessionCharge<'a> {
    pub customer: &'a str,
    pub payment_method: &'a str,
    /// Minor units.
    pub amount: i64,
    /// Lowercase ISO 4217.
    pub currency: String,
    pub description: &'a str,
    pub metadata: Metadata,
}

/// A Checkout Session that only saves a card.
#[derive(Debug, Clone)]
pub struct SetupCheckout<'a> {
    pub customer: &'a str,
    /// Lowercase ISO 4217.
    pub currency: &'a str,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    pub metadata: &'a Metadata,
}

/// A Checkout Session starting a subscription to a price.
#[derive(Debug, Clone)]
pub struct SubscriptionCheckout<'a> {
    pub customer_email: &'a str,
    pub price: &'a str,
    pub trial_days: Option<u32>,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    pub metadata: &'a Metadata,
}

/// Opens a client for one Stripe account.
pub trait StripeConnect: Send + Sync {
    /// A client for `secret_key`.
    fn connect(&self, secret_key: &str) -> StripeResult<Box<dyn StripeClient>>;
}

/// The calls made to one Stripe account (`key` arguments are idempotency
/// keys).
#[async_trait::async_trait]
pub trait StripeClient: Send + Sync {
    /// Checks that the key works (reads the balance).
    async fn check_key(&self) -> StripeResult<()>;

    /// Registers our webhook URL for `events`.
    async fn create_webhook_endpoint(
        &self,
        url: &str,
        events: &[&str],
        key: &str,
    ) -> StripeResult<WebhookEndpoint>;

    /// Removes a webhook endpoint (when disconnecting).
    async fn delete_webhook_endpoint(&self, id: &str) -> StripeResult<()>;

    /// Creates the Stripe customer of one of our accounts.
    async fn create_customer(
        &self,
        email: &str,
        name: &str,
        metadata: &Metadata,
        key: &str,
    ) -> StripeResult<Customer>;

    /// A Checkout Session taking one payment.
    async fn payment_checkout(
        &self,
        p: &PaymentCheckout<'_>,
        key: &str,
    ) -> StripeResult<CheckoutSession>;

    /// A Checkout Session that only saves a card.
    async fn setup_checkout(
        &self,
        s: &SetupCheckout<'_>,
        key: &str,
    ) -> StripeResult<CheckoutSession>;

    /// A Checkout Session starting a subscription.
    async fn subscription_checkout(
        &self,
        s: &SubscriptionCheckout<'_>,
        key: &str,
    ) -> StripeResult<CheckoutSession>;

    /// Reads a Checkout Session.
    async fn checkout_session(&self, id: &str) -> StripeResult<CheckoutSession>;

    /// Reads a PaymentIntent.
    async fn payment_intent(&self, id: &str) -> StripeResult<PaymentIntent>;

    /// Reads a charge.
    async fn charge(&self, id: &str) -> StripeResult<Charge>;

    /// Reads a SetupIntent.
    async fn setup_intent(&self, id: &str) -> StripeResult<SetupIntent>;

    /// Reads a PaymentMethod (brand and last digits for display).
    async fn payment_method(&self, id: &str) -> StripeResult<PaymentMethod>;

    /// Reads a subscription.
    async fn subscription(&self, id: &str) -> StripeResult<Subscription>;

    /// Charges a saved card now, without the customer present.
    async fn charge_off_session(
        &self,
        c: &OffSessionCharge<'_>,
        key: &str,
    ) -> StripeResult<PaymentIntent>;

    /// Refunds `amount` (minor units) of a PaymentIntent.
    async fn refund(
        &self,
        payment_intent: &str,
        amount: i64,
        metadata: &Metadata,
        key: &str,
    ) -> StripeResult<Refund>;
}
