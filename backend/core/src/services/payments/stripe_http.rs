//! The Stripe port over async-stripe's client: it carries each request
//! (authentication, `Stripe-Version`, form encoding, idempotency keys, error
//! decoding) to Stripe, or to the fake the tests run.

use super::stripe_api::{
    Charge, CheckoutSession, Customer, Metadata, OffSessionCharge, PaymentCheckout, PaymentIntent,
    PaymentMethod, Refund, SetupCheckout, SetupIntent, StripeClient, StripeConnect, StripeFailure,
    StripeResult, Subscription, SubscriptionCheckout, WebhookEndpoint,
};
use serde::Serialize;
use stripe::{Client, RequestStrategy};

/// Opens async-stripe clients against one API address (Stripe's, or a
/// fake's).
pub struct HttpStripe {
    api_base: String,
}

impl HttpStripe {
    /// Clients at `api_base`.
    pub fn new(api_base: &str) -> Self {
        Self {
            api_base: api_base.to_owned(),
        }
    }
}

impl StripeConnect for HttpStripe {
    fn connect(&self, secret_key: &str) -> StripeResult<Box<dyn StripeClient>> {
        Ok(Box::new(StripeApi::new(&self.api_base, secret_key)?))
    }
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
}

#[async_trait::async_trait]
impl StripeClient for StripeApi {
    async fn check_key(&self) -> StripeResult<()> {
        let _: serde_json::Value = self.client.get("balance").await?;
        Ok(())
    }

    async fn create_webhook_endpoint(
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

    async fn delete_webhook_endpoint(&self, id: &str) -> StripeResult<()> {
        let _: serde_json::Value = self
            .client
            .delete(&format!("webhook_endpoints/{id}"))
            .await?;
        Ok(())
    }

    async fn create_customer(
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

    async fn payment_checkout(
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

    async fn setup_checkout(
        &self,
        s: &SetupCheckout<'_>,
        key: &str,
    ) -> StripeResult<CheckoutSession> {
        let form = CreateSession {
            mode: "setup",
            success_url: s.success_url,
            cancel_url: s.cancel_url,
            customer: Some(s.customer),
            customer_email: None,
            client_reference_id: None,
            currency: Some(s.currency),
            line_items: Vec::new(),
            payment_intent_data: None,
            setup_intent_data: Some(SetupIntentData {
                metadata: s.metadata,
            }),
            subscription_data: None,
            metadata: s.metadata,
        };
        Ok(self.once(key).post_form("checkout/sessions", form).await?)
    }

    async fn subscription_checkout(
        &self,
        s: &SubscriptionCheckout<'_>,
        key: &str,
    ) -> StripeResult<CheckoutSession> {
        let form = CreateSession {
            mode: "subscription",
            success_url: s.success_url,
            cancel_url: s.cancel_url,
            customer: None,
            customer_email: Some(s.customer_email),
            client_reference_id: s.metadata.get("tenant_id").map(String::as_str),
            currency: None,
            line_items: vec![LineItem {
                price_data: None,
                price: Some(s.price),
                quantity: 1,
            }],
            payment_intent_data: None,
            setup_intent_data: None,
            subscription_data: Some(SubscriptionData {
                trial_period_days: s.trial_days.filter(|d| *d > 0),
                metadata: s.metadata,
            }),
            metadata: s.metadata,
        };
        Ok(self.once(key).post_form("checkout/sessions", form).await?)
    }

    async fn checkout_session(&self, id: &str) -> StripeResult<CheckoutSession> {
        self.fetch("checkout/sessions", id).await
    }

    async fn payment_intent(&self, id: &str) -> StripeResult<PaymentIntent> {
        self.fetch("payment_intents", id).await
    }

    async fn charge(&self, id: &str) -> StripeResult<Charge> {
        self.fetch("charges", id).await
    }

    async fn setup_intent(&self, id: &str) -> StripeResult<SetupIntent> {
        self.fetch("setup_intents", id).await
    }

    async fn payment_method(&self, id: &str) -> StripeResult<PaymentMethod> {
        self.fetch("payment_methods", id).await
    }

    async fn subscription(&self, id: &str) -> StripeResult<Subscription> {
        self.fetch("subscriptions", id).await
    }

    async fn charge_off_session(
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

    async fn refund(
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
