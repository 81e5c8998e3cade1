//! The fake's in-memory state: one [`Account`] per secret key, recorded
//! requests, and every webhook event with its delivery target.

use std::collections::HashMap;

use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::{Map, Value, json};

use crate::{RecordedRequest, SentEvent};

/// Stripe API version stamped on events.
pub(crate) const API_VERSION: &str = "2024-06-20";

/// `prefix` followed by 24 random alphanumerics.
pub(crate) fn new_id(prefix: &str) -> String {
    let suffix: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect();
    format!("{prefix}{suffix}")
}

/// Current unix time in seconds.
pub(crate) fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A webhook endpoint registered through `POST /v1/webhook_endpoints`.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub id: String,
    pub url: String,
    pub enabled_events: Vec<String>,
    pub secret: String,
    /// The secret before the last rotation; still signed with during the overlap.
    pub previous_secret: Option<String>,
    pub created: i64,
    pub description: Option<String>,
    pub metadata: Map<String, Value>,
    /// The `api_version` it was created with (null = account default, as Stripe).
    pub api_version: Option<String>,
}

impl Endpoint {
    /// Whether events of `event_type` go to this endpoint.
    pub fn wants(&self, event_type: &str) -> bool {
        self.enabled_events
            .iter()
            .any(|e| e == "*" || e == event_type)
    }

    /// Secrets to sign with: `[current]` or `[new, old]` after a rotation.
    pub fn signing_secrets(&self) -> Vec<String> {
        let mut secrets = vec![self.secret.clone()];
        if let Some(previous) = &self.previous_secret {
            secrets.push(previous.clone());
        }
        secrets
    }

    /// The endpoint as Stripe returns it (`secret` only on creation).
    pub fn to_json(&self, with_secret: bool) -> Value {
        let mut value = json!({
            "id": self.id,
            "object": "webhook_endpoint",
            "api_version": self.api_version,
            "application": null,
            "created": self.created,
            "description": self.description,
            "enabled_events": self.enabled_events,
            "livemode": false,
            "metadata": self.metadata,
            "status": "enabled",
            "url": self.url,
        });
        if with_secret && let Some(object) = value.as_object_mut() {
            object.insert("secret".into(), json!(self.secret));
        }
        value
    }
}

/// What the checkout session was created with, beyond its public JSON.
#[derive(Debug, Clone, Default)]
pub(crate) struct SessionExtra {
    pub amount: Option<i64>,
    pub currency: String,
    pub price: Option<String>,
    pub quantity: i64,
    pub setup_future_usage: Option<String>,
    pub payment_intent_metadata: Map<String, Value>,
    pub payment_intent_description: Option<String>,
    pub setup_intent_metadata: Map<String, Value>,
    pub subscription_metadata: Map<String, Value>,
    pub trial_period_days: Option<i64>,
}

/// A stored idempotent result.
#[derive(Debug, Clone)]
pub(crate) struct IdempotentResult {
    pub method: String,
    pub path: String,
    pub params: Vec<(String, String)>,
    pub status: u16,
    pub body: String,
}

/// One Stripe account (one secret key).
#[derive(Debug, Default)]
pub(crate) struct Account {
    /// Every object by id (`cus_…`, `pi_…`, …), as its Stripe JSON.
    pub objects: HashMap<String, Value>,
    pub sessions: HashMap<String, SessionExtra>,
    pub endpoints: Vec<Endpoint>,
    pub idempotency: HashMap<String, IdempotentResult>,
    /// Set by `FakeStripe::decline_next_charge`: the next off-session charge fails.
    pub decline_next_charge: bool,
}

impl Account {
    /// The object `id` if it exists and is of type `object`.
    pub fn get(&self, object: &str, id: &str) -> Option<&Value> {
        self.objects
            .get(id)
            .filter(|v| v.get("object").and_then(Value::as_str) == Some(object))
    }

    /// Mutable access to the object `id` if it is of type `object`.
    pub fn get_mut(&mut self, object: &str, id: &str) -> Option<&mut Value> {
        self.objects
            .get_mut(id)
            .filter(|v| v.get("object").and_then(Value::as_str) == Some(object))
    }

    /// Stores an object under its `id`.
    pub fn put(&mut self, value: Value) {
        if let Some(id) = value.get("id").and_then(Value::as_str) {
            self.objects.insert(id.to_owned(), value);
        }
    }
}

/// An event to create once the operation's state changes are done.
#[derive(Debug, Clone)]
pub(crate) struct PendingEvent {
    pub event_type: String,
    pub data: Value,
}

/// Collects what an operation needs besides the account.
#[derive(Debug)]
pub(crate) struct Ctx {
    pub base_url: String,
    pub now: i64,
    pub idempotency_key: Option<String>,
    pub events: Vec<PendingEvent>,
}

impl Ctx {
    pub fn new(base_url: &str, idempotency_key: Option<String>) -> Self {
        Ctx {
            base_url: base_url.to_owned(),
            now: now(),
            idempotency_key,
            events: Vec::new(),
        }
    }

    /// Queues an event whose `data.object` is `object`.
    pub fn emit(&mut self, event_type: &str, object: &Value) {
        self.emit_data(event_type, json!({ "object": object }));
    }

    /// Queues an event with a full `data` value (e.g. with `previous_attributes`).
    pub fn emit_data(&mut self, event_type: &str, data: Value) {
        self.events.push(PendingEvent {
            event_type: event_type.to_owned(),
            data,
        });
    }
}

/// One event as sent (or to be sent) to one endpoint.
#[derive(Debug, Clone)]
pub(crate) struct EventRecord {
    pub sent: SentEvent,
    pub account: String,
    pub endpoint_id: Option<String>,
}

/// A delivery ready to be made without holding the lock.
#[derive(Debug, Clone)]
pub(crate) struct Delivery {
    pub url: String,
    pub payload: String,
    pub secrets: Vec<String>,
}

/// Everything the fake knows.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub accounts: HashMap<String, Account>,
    pub requests: Vec<RecordedRequest>,
    pub events: Vec<EventRecord>,
    pub held: bool,
    pub queue: Vec<usize>,
}

impl State {
    /// The key of the account that owns object `id`.
    pub fn account_of(&self, object: &str, id: &str) -> Option<String> {
        self.accounts
            .iter()
            .find(|(_, account)| account.get(object, id).is_some())
            .map(|(key, _)| key.clone())
    }

    /// Creates the events of `ctx` for `account_key`; returns the records to
    /// deliver now (nothing while webhooks are held: they are queued).
    pub fn create_events(&mut self, account_key: &str, ctx: &Ctx) -> Vec<usize> {
        let mut deliver_now = Vec::new();
        let endpoints: Vec<Endpoint> = self
            .accounts
            .get(account_key)
            .map(|a| a.endpoints.clone())
            .unwrap_or_default();
        for pending in &ctx.events {
            let id = new_id("evt_");
            let event = json!({
                "id": id,
                "object": "event",
                "api_version": API_VERSION,
                "created": ctx.now,
                "livemode": false,
                "pending_webhooks": 1,
                "request": {
                    "id": ctx.idempotency_key.as_ref().map(|_| new_id("req_")),
                    "idempotency_key": ctx.idempotency_key,
                },
                "type": pending.event_type,
                "data": pending.data,
            });
            let payload = event.to_string();
            let targets: Vec<&Endpoint> = endpoints
                .iter()
                .filter(|e| e.wants(&pending.event_type))
                .collect();
            if targets.is_empty() {
                self.events.push(EventRecord {
                    sent: SentEvent {
                        id: id.clone(),
                        event_type: pending.event_type.clone(),
                        endpoint_url: String::new(),
                        payload: payload.clone(),
                        delivered_status: None,
                    },
                    account: account_key.to_owned(),
                    endpoint_id: None,
                });
                continue;
            }
            for endpoint in targets {
                let index = self.events.len();
                self.events.push(EventRecord {
                    sent: SentEvent {
                        id: id.clone(),
                        event_type: pending.event_type.clone(),
                        endpoint_url: endpoint.url.clone(),
                        payload: payload.clone(),
                        delivered_status: None,
                    },
                    account: account_key.to_owned(),
                    endpoint_id: Some(endpoint.id.clone()),
                });
                if self.held {
                    self.queue.push(index);
                } else {
                    deliver_now.push(index);
                }
            }
        }
        deliver_now
    }

    /// What is needed to deliver event record `index` (None if it has no
    /// endpoint or the endpoint was deleted).
    pub fn delivery(&self, index: usize) -> Option<Delivery> {
        let record = self.events.get(index)?;
        let endpoint_id = record.endpoint_id.as_ref()?;
        let endpoint = self
            .accounts
            .get(&record.account)?
            .endpoints
            .iter()
            .find(|e| &e.id == endpoint_id)?;
        Some(Delivery {
            url: endpoint.url.clone(),
            payload: record.sent.payload.clone(),
            secrets: endpoint.signing_secrets(),
        })
    }

    /// The endpoint `id` in any account.
    pub fn endpoint_mut(&mut self, id: &str) -> Option<&mut Endpoint> {
        self.accounts
            .values_mut()
            .flat_map(|a| a.endpoints.iter_mut())
            .find(|e| e.id == id)
    }
}
