//! The Stripe calls Ringledger makes, through async-stripe's client.
//!
//! async-stripe carries each request (authentication, `Stripe-Version`,
//! form encoding, idempotency keys, error decoding); the request and
//! response shapes here name only the fields we send and read, so a field
//! Stripe adds or a fake leaves out changes nothing. Every POST carries an
//! idempotency key derived from our own row ids, so a retried request never
//! charges, refunds or creates twice.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use stripe::{Client, RequestStrategy, StripeError};

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

#[derive(Serialize)]
struct ProductData<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct PriceData<'a> {
    currency: &'a str,
    unit_amount: i64,
    product_data: ProductData<'a>,
}

#[derive(Serialize)]
struct LineItem<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    price_data: Option<PriceData<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    price: Option<&'a str>,
    quantity: u32,
}

#[derive(Serialize)]
struct PaymentIntentData<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    setup_future_usage: Option<&'a str>,
    metadata: &'a Metadata,
}

#[derive(Serialize)]
struct SetupIntentData<'a> {
    metadata: &'a Metadata,
}

#[derive(Serialize)]
struct SubscriptionData<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    trial_period_days: Option<u32>,
    metadata: &'a Metadata,
}

#[derive(Serialize)]
struct CreateSession<'a> {
    mode: &'a str,
    success_url: &'a str,
    cancel_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_reference_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    line_items: Vec<LineItem<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_intent_data: Option<PaymentIntentData<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    setup_intent_data: Option<SetupIntentData<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subscription_data: Option<SubscriptionData<'a>>,
    metadata: &'a Metadata,
}

/// A client for one Stripe account (one secret key).
#[derive(Clone)]
pub struct StripeApi {
    client: Client,
}

impl StripeApi {
    /// A client for `secret_key` at `api_base` (Stripe's, or a fake's).
    pub fn new(api_base: &str, secret_key: &str) -> StripeResult<Self> {
        // async-stripe panics on an unparsable base: check it first.
        url::Url::parse(api_base)
            .map_err(|e| StripeFailure::Rejected(format!("bad Stripe API address: {e}")))?;
        Ok(Self {
            client: Client::from_url(api_base, secret_key),
        })
    }

    fn once(&self, key: &str) -> Client {
        self.client
            .clone()
            .with_strategy(RequestStrategy::Idempotent(key.to_owned()))
    }

    /// Reads one object, `GET /v1/{collection}/{id}`.
    async fn fetch<T: serde::de::DeserializeOwned + Send + 'static>(
        &self,
        collection: &str,
        id: &str,
    ) -> StripeResult<T> {
        Ok(self
            .client
            .get(&format!("{collection}/{}", path_id(id)?))
            .await?)
    }

    /// Checks that the key works (reads the balance).
    pub async fn check_key(&self) -> StripeResult<()> {
        let _: serde_json::Value = self.client.get("balance").await?;
        Ok(())
    }

    /// Registers our webhook URL for `events`.
    pub async fn create_webhook_endpoint(
        &self,
        url: &str,
        events: &[&str],
        key: &str,
    ) -> StripeResult<WebhookEndpoint> {
        #[derive(Serialize)]
        struct Form<'a> {
            url: &'a str,
            enabled_events: &'a [&'a str],
        }
        Ok(self
            .once(key)
            .post_form(
                "webhook_endpoints",
                Form {
                    url,
                    enabled_events: events,
                },
            )
            .await?)
    }

    /// Removes a webhook endpoint (when disconnecting).
    pub async fn delete_webhook_endpoint(&self, id: &str) -> StripeResult<()> {
        let _: serde_json::Value = self
            .client
            .delete(&format!("webhook_endpoints/{id}"))
            .await?;
        Ok(())
    }

    /// Creates the Stripe customer of one of our accounts.
    pub async fn create_customer(
        &self,
        email: &str,
        name: &str,
        metadata: &Metadata,
        key: &str,
    ) -> StripeResult<Customer> {
        #[derive(Serialize)]
        struct Form<'a> {
            email: &'a str,
            name: &'a str,
            metadata: &'a Metadata,
        }
        Ok(self
            .once(key)
            .post_form(
                "customers",
                Form {
                    email,
                    name,
                    metadata,
                },
            )
            .await?)
    }

    /// A Checkout Session taking one payment.
    pub async fn payment_checkout(
        &self,
        p: &PaymentCheckout<'_>,
        key: &str,
    ) -> StripeResult<CheckoutSession> {
        let form = CreateSession {
            mode: "payment",
            success_url: p.success_url,
            cancel_url: p.cancel_url,
            customer: Some(p.customer),
            customer_email: None,
            client_reference_id: p.metadata.get("payment_id").map(String::as_str),
            currency: None,
            line_items: vec![LineItem {
                price_data: Some(PriceData {
                    currency: &p.currency,
                    unit_amount: p.amount,
                    product_data: ProductData {
                        name: p.description,
                    },
                }),
                price: None,
                quantity: 1,
            }],
            payment_intent_data: Some(PaymentIntentData {
                setup_future_usage: p.save_card.then_some("off_session"),
                metadata: &p.metadata,
            }),
            setup_intent_data: None,
            subscription_data: None,
            metadata: &p.metadata,
        };
        Ok(self.once(key).post_form("checkout/sessions", form).await?)
    }

    /// A Checkout Session that only saves a card.
    pub async fn setup_checkout(
        &self,
        customer: &str,
        currency: &str,
        success_url: &str,
        cancel_url: &str,
        metadata: &Metadata,
        key: &str,
    ) -> StripeResult<CheckoutSession> {
        let form = CreateSession {
            mode: "setup",
            success_url,
            cancel_url,
            customer: Some(customer),
            customer_email: None,
            client_reference_id: None,
            currency: Some(currency),
            line_items: Vec::new(),
            payment_intent_data: None,
            setup_intent_data: Some(SetupIntentData { metadata }),
            subscription_data: None,
            metadata,
        };
        Ok(self.once(key).post_form("checkout/sessions", form).await?)
    }

    /// A Checkout Session starting a subscription to `price`.
    #[allow(clippy::too_many_arguments)]
    pub async fn subscription_checkout(
        &self,
        customer_email: &str,
        price: &str,
        trial_days: Option<u32>,
        success_url: &str,
        cancel_url: &str,
        metadata: &Metadata,
        key: &str,
    ) -> StripeResult<CheckoutSession> {
        let form = CreateSession {
            mode: "subscription",
            success_url,
            cancel_url,
            customer: None,
            customer_email: Some(customer_email),
            client_reference_id: metadata.get("tenant_id").map(String::as_str),
            currency: None,
            line_items: vec![LineItem {
                price_data: None,
                price: Some(price),
                quantity: 1,
            }],
            payment_intent_data: None,
            setup_intent_data: None,
            subscription_data: Some(SubscriptionData {
                trial_period_days: trial_days.filter(|d| *d > 0),
                metadata,
            }),
            metadata,
        };
        Ok(self.once(key).post_form("checkout/sessions", form).await?)
    }

    /// Reads a Checkout Session.
    pub async fn checkout_session(&self, id: &str) -> StripeResult<CheckoutSession> {
        self.fetch("checkout/sessions", id).await
    }

    /// Reads a PaymentIntent.
    pub async fn payment_intent(&self, id: &str) -> StripeResult<PaymentIntent> {
        self.fetch("payment_intents", id).await
    }

    /// Reads a charge.
    pub async fn charge(&self, id: &str) -> StripeResult<Charge> {
        self.fetch("charges", id).await
    }

    /// Reads a SetupIntent.
    pub async fn setup_intent(&self, id: &str) -> StripeResult<SetupIntent> {
        self.fetch("setup_intents", id).await
    }

    /// Reads a PaymentMethod (brand and last digits for display).
    pub async fn payment_method(&self, id: &str) -> StripeResult<PaymentMethod> {
        self.fetch("payment_methods", id).await
    }

    /// Reads a subscription.
    pub async fn subscription(&self, id: &str) -> StripeResult<Subscription> {
        self.fetch("subscriptions", id).await
    }

    /// Charges a saved card now, without the customer present.
    pub async fn charge_off_session(
        &self,
        c: &OffSessionCharge<'_>,
        key: &str,
    ) -> StripeResult<PaymentIntent> {
        #[derive(Serialize)]
        struct Form<'a> {
            amount: i64,
            currency: &'a str,
            customer: &'a str,
            payment_method: &'a str,
            confirm: bool,
            off_session: bool,
            description: &'a str,
            metadata: &'a Metadata,
        }
        Ok(self
            .once(key)
            .post_form(
                "payment_intents",
                Form {
                    amount: c.amount,
                    currency: &c.currency,
                    customer: c.customer,
                    payment_method: c.payment_method,
                    confirm: true,
                    off_session: true,
                    description: c.description,
                    metadata: &c.metadata,
                },
            )
            .await?)
    }

    /// Refunds `amount` (minor units) of a PaymentIntent.
    pub async fn refund(
        &self,
        payment_intent: &str,
        amount: i64,
        metadata: &Metadata,
        key: &str,
    ) -> StripeResult<Refund> {
        #[derive(Serialize)]
        struct Form<'a> {
            payment_intent: &'a str,
            amount: i64,
            metadata: &'a Metadata,
        }
        Ok(self
            .once(key)
            .post_form(
                "refunds",
                Form {
                    payment_intent,
                    amount,
                    metadata,
                },
            )
            .await?)
    }
}

/// An id that is safe in a URL path (Stripe ids are `[A-Za-z0-9_]`).
fn path_id(id: &str) -> StripeResult<&str> {
    if !id.is_empty()
        && id.len() <= 255
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        Ok(id)
    } else {
        Err(StripeFailure::Rejected(format!("not a Stripe id: {id:?}")))
    }
}
