//! An in-process fake of the Stripe HTTP API endpoints Ringledger calls.
//!
//! Start it with [`FakeStripe::start`], point `async-stripe`'s
//! `Client::from_url(fake.base_url(), "sk_test_…")` at it, and inspect what the
//! app sent with [`FakeStripe::requests`] and which webhooks it got with
//! [`FakeStripe::events`]. Webhooks are signed with Stripe's real scheme (see
//! [`signature_header`]) and delivered before the API call (or
//! [`FakeStripe::pay_checkout`]) that caused them returns, unless held with
//! [`FakeStripe::hold_webhooks`].
//!
//! The fake is stricter than Stripe where that catches bugs: every `POST /v1/*`
//! needs an `Idempotency-Key`, unknown parameters are rejected, and only the
//! parameter shapes Ringledger uses are supported (see `src/api/`).
//!
//! Besides the API, the server offers a hosted checkout page at
//! `/checkout/{session_id}` and test controls under `/_fake/` for the e2e tests
//! that run the binary (see `src/http.rs`).

mod api;
mod error;
mod http;
mod params;
mod signature;
mod state;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;

pub use signature::{signature_header, v1_signatures, verify_signature};

use crate::error::ApiError;
use crate::params::Params;
use crate::state::{Ctx, Delivery, IdempotentResult, State};

/// One API call received by the fake (`/v1/*`), recorded in arrival order.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedRequest {
    /// HTTP method (`GET`, `POST`, `DELETE`).
    pub method: String,
    /// Request path, e.g. `/v1/checkout/sessions`.
    pub path: String,
    /// Decoded parameters in bracket notation (`metadata[payment_id]`): the
    /// query string followed by the form body.
    pub params: Vec<(String, String)>,
    /// The `Idempotency-Key` header, if any.
    pub idempotency_key: Option<String>,
    /// The bearer token (empty when the `Authorization` header was missing).
    pub api_key: String,
}

impl RecordedRequest {
    /// The first value of parameter `key` (exact bracket-notation key).
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// One webhook event for one endpoint.
///
/// An event that matches several endpoints appears once per endpoint (same
/// `id` and `payload`); an event that matches none appears once with an empty
/// `endpoint_url` and is never delivered.
#[derive(Debug, Clone, Serialize)]
pub struct SentEvent {
    /// Event id (`evt_…`).
    pub id: String,
    /// Event type, e.g. `checkout.session.completed`.
    pub event_type: String,
    /// The endpoint URL it is delivered to (empty if no endpoint wanted it).
    pub endpoint_url: String,
    /// The exact JSON body that is signed and posted.
    pub payload: String,
    /// HTTP status of the latest delivery; `None` while queued, when the
    /// delivery failed (connection refused, timeout) or when there is no endpoint.
    pub delivered_status: Option<u16>,
}

struct Shared {
    base_url: String,
    state: Mutex<State>,
}

/// A running fake Stripe server. Cheap to clone; all clones share the state.
#[derive(Clone)]
pub struct FakeStripe {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for FakeStripe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeStripe")
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

/// How long a webhook delivery may take before it counts as failed.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// The inputs of one API call.
pub(crate) struct ApiCall<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub body: &'a [u8],
    pub authorization: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
}

/// The outcome of one API call: status, JSON body, event records to deliver.
pub(crate) struct ApiOutcome {
    pub status: u16,
    pub body: String,
    pub deliveries: Vec<usize>,
}

impl ApiOutcome {
    fn error(error: &ApiError) -> Self {
        ApiOutcome {
            status: error.status,
            body: error.body().to_string(),
            deliveries: Vec::new(),
        }
    }
}

/// The secret key of an `Authorization: Bearer sk_…` header.
fn api_key(authorization: Option<&str>) -> Result<String, ApiError> {
    let Some(header) = authorization else {
        return Err(ApiError::unauthorized(
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        ));
    };
    let Some(key) = header.strip_prefix("Bearer ").map(str::trim) else {
        return Err(ApiError::unauthorized(
            "Invalid Authorization header: use Bearer auth ('Authorization: Bearer sk_test_…').",
        ));
    };
    let valid_prefix = key.starts_with("sk_test_") || key.starts_with("sk_live_");
    if !valid_prefix || key.contains("invalid") || key.len() <= "sk_test_".len() {
        let shown: String = key
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Err(ApiError::unauthorized(format!(
            "Invalid API Key provided: ****{shown}"
        )));
    }
    Ok(key.to_owned())
}

impl FakeStripe {
    /// Binds `127.0.0.1:port` (0 = any free port) and serves in a tokio task.
    ///
    /// Works inside `#[tokio::test(flavor = "multi_thread")]` as well as under
    /// `#[tokio::main]`. The server runs until the runtime shuts down.
    pub async fn start(port: u16) -> std::io::Result<FakeStripe> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        let port = listener.local_addr()?.port();
        let fake = FakeStripe {
            shared: Arc::new(Shared {
                base_url: format!("http://127.0.0.1:{port}"),
                state: Mutex::new(State::default()),
            }),
        };
        let server = http::server(fake.clone(), listener)?;
        tokio::spawn(server);
        Ok(fake)
    }

    /// `http://127.0.0.1:{port}`: give it to `Client::from_url`.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Every API call received, in order (including rejected ones).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// Ids of every webhook endpoint, of every account, in creation order.
    pub fn endpoint_ids(&self) -> Vec<String> {
        let state = self.lock();
        let mut all: Vec<&state::Endpoint> = state
            .accounts
            .values()
            .flat_map(|a| a.endpoints.iter())
            .collect();
        all.sort_by_key(|e| e.created);
        all.into_iter().map(|e| e.id.clone()).collect()
    }

    /// Registers an endpoint for every event with a chosen secret, as an
    /// operator does in Stripe's dashboard; returns its id.
    pub fn add_webhook_endpoint(&self, api_key: &str, url: &str, secret: &str) -> String {
        let id = state::new_id("we_");
        let endpoint = state::Endpoint {
            id: id.clone(),
            url: url.to_owned(),
            enabled_events: vec!["*".to_owned()],
            secret: secret.to_owned(),
            previous_secret: None,
            created: state::now(),
            description: None,
            metadata: serde_json::Map::new(),
            api_version: None,
        };
        self.lock()
            .accounts
            .entry(api_key.to_owned())
            .or_default()
            .endpoints
            .push(endpoint);
        id
    }

    /// Ids of every subscription, of every account.
    pub fn subscription_ids(&self) -> Vec<String> {
        let state = self.lock();
        let mut ids: Vec<String> = state
            .accounts
            .values()
            .flat_map(|a| a.objects.values())
            .filter(|o| o.get("object").and_then(serde_json::Value::as_str) == Some("subscription"))
            .filter_map(|o| {
                o.get("id")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            })
            .collect();
        ids.sort();
        ids
    }

    /// Every webhook event created, in order (one entry per endpoint).
    pub fn events(&self) -> Vec<SentEvent> {
        self.lock().events.iter().map(|r| r.sent.clone()).collect()
    }

    /// The current signing secret of webhook endpoint `endpoint_id` (`we_…`).
    pub fn webhook_secret(&self, endpoint_id: &str) -> Option<String> {
        self.lock()
            .endpoint_mut(endpoint_id)
            .map(|e| e.secret.clone())
    }

    /// Gives the endpoint a new secret and returns it. From now on its
    /// deliveries carry two `v1` signatures: the new secret's, then the old one's.
    pub fn rotate_webhook_secret(&self, endpoint_id: &str) -> Option<String> {
        let mut state = self.lock();
        let endpoint = state.endpoint_mut(endpoint_id)?;
        let new_secret = state::new_id("whsec_");
        let old = std::mem::replace(&mut endpoint.secret, new_secret.clone());
        endpoint.previous_secret = Some(old);
        Some(new_secret)
    }

    /// Makes the next off-session charge (`POST /v1/payment_intents`) of the
    /// account with secret key `api_key` fail with `card_declined`, once.
    pub fn decline_next_charge(&self, api_key: &str) {
        self.lock()
            .accounts
            .entry(api_key.to_owned())
            .or_default()
            .decline_next_charge = true;
    }

    /// While held, new events are queued instead of delivered. Un-holding
    /// (`false`) does not deliver the queue: call [`FakeStripe::release_webhooks`].
    pub fn hold_webhooks(&self, hold: bool) {
        self.lock().held = hold;
    }

    /// Stops holding and delivers the queued events (in reverse order if
    /// asked). Returns one HTTP status per delivery, `0` for a failed one.
    pub async fn release_webhooks(&self, reverse: bool) -> Vec<u16> {
        let mut queue = {
            let mut state = self.lock();
            state.held = false;
            std::mem::take(&mut state.queue)
        };
        if reverse {
            queue.reverse();
        }
        let mut statuses = Vec::with_capacity(queue.len());
        for index in queue {
            statuses.push(self.deliver(index).await.unwrap_or(0));
        }
        statuses
    }

    /// Delivers an already-created event again, to every endpoint it was for,
    /// with a new timestamp and fresh signature(s), even while webhooks are
    /// held. Returns the HTTP status of the (last) delivery.
    pub async fn resend(&self, event_id: &str) -> Result<u16, String> {
        let indices: Vec<usize> = {
            let state = self.lock();
            let all: Vec<&state::EventRecord> = state
                .events
                .iter()
                .filter(|r| r.sent.id == event_id)
                .collect();
            if all.is_empty() {
                return Err(format!("no such event: {event_id}"));
            }
            state
                .events
                .iter()
                .enumerate()
                .filter(|(_, r)| r.sent.id == event_id && r.endpoint_id.is_some())
                .map(|(i, _)| i)
                .collect()
        };
        if indices.is_empty() {
            return Err(format!("event {event_id} has no webhook endpoint to go to"));
        }
        let mut last = Err(format!("event {event_id} could not be delivered"));
        for index in indices {
            last = self.deliver(index).await.ok_or_else(|| {
                format!("delivery of {event_id} failed (endpoint gone or unreachable)")
            });
        }
        last
    }

    /// What the checkout page's Pay button does: completes the session with
    /// `card` and delivers the resulting events. Returns the success URL with
    /// `{CHECKOUT_SESSION_ID}` filled in. Errors: unknown or already completed
    /// session, `"incorrect_number"` for a non-numeric card, and
    /// `"card_declined"` for `4000000000000002`.
    pub async fn pay_checkout(&self, session_id: &str, card: &str) -> Result<String, String> {
        let (url, deliveries) = {
            let mut state = self.lock();
            let key = state
                .account_of("checkout.session", session_id)
                .ok_or_else(|| format!("no such checkout session: {session_id}"))?;
            let mut ctx = Ctx::new(&self.shared.base_url, None);
            let account = state.accounts.entry(key.clone()).or_default();
            let url = api::pay_checkout(account, &mut ctx, session_id, card)?;
            (url, state.create_events(&key, &ctx))
        };
        self.deliver_all(deliveries).await;
        Ok(url)
    }

    /// Simulates a failed renewal: subscription → `past_due`, a new open
    /// invoice, and events `invoice.payment_failed` then
    /// `customer.subscription.updated`.
    pub async fn fail_subscription_payment(&self, subscription_id: &str) -> Result<(), String> {
        self.subscription_op(subscription_id, |account, ctx| {
            api::fail_subscription_payment(account, ctx, subscription_id)
        })
        .await
    }

    /// Cancels the subscription now (→ `canceled`) and sends
    /// `customer.subscription.deleted`.
    pub async fn cancel_subscription(&self, subscription_id: &str) -> Result<(), String> {
        self.subscription_op(subscription_id, |account, ctx| {
            api::cancel_subscription(account, ctx, subscription_id).map(|_| ())
        })
        .await
    }

    async fn subscription_op(
        &self,
        subscription_id: &str,
        op: impl FnOnce(&mut state::Account, &mut Ctx) -> Result<(), api::OpError>,
    ) -> Result<(), String> {
        let deliveries = {
            let mut state = self.lock();
            let key = state
                .account_of("subscription", subscription_id)
                .ok_or_else(|| format!("no such subscription: {subscription_id}"))?;
            let mut ctx = Ctx::new(&self.shared.base_url, None);
            let account = state.accounts.entry(key.clone()).or_default();
            op(account, &mut ctx).map_err(|e| e.message("subscription"))?;
            state.create_events(&key, &ctx)
        };
        self.deliver_all(deliveries).await;
        Ok(())
    }

    /// The checkout session `id` in any account (for the hosted page).
    pub(crate) fn checkout_session(&self, id: &str) -> Option<serde_json::Value> {
        self.lock()
            .accounts
            .values()
            .find_map(|a| a.get("checkout.session", id).cloned())
    }

    /// Handles one `/v1/*` call under the lock (no awaiting).
    pub(crate) fn handle_api(&self, call: &ApiCall<'_>) -> ApiOutcome {
        let mut params = Params::parse(call.query.as_bytes());
        if call.method == "POST" {
            params.extend(Params::parse(call.body));
        }
        let key = api_key(call.authorization);
        let mut state = self.lock();
        state.requests.push(RecordedRequest {
            method: call.method.to_owned(),
            path: call.path.to_owned(),
            params: params.pairs().to_vec(),
            idempotency_key: call.idempotency_key.map(str::to_owned),
            api_key: call
                .authorization
                .and_then(|h| h.strip_prefix("Bearer "))
                .unwrap_or_default()
                .trim()
                .to_owned(),
        });
        let key = match key {
            Ok(key) => key,
            Err(error) => return ApiOutcome::error(&error),
        };
        let is_post = call.method == "POST";
        let fingerprint = params.fingerprint();
        let account = state.accounts.entry(key.clone()).or_default();
        if is_post {
            let Some(idempotency_key) = call.idempotency_key.filter(|k| !k.trim().is_empty())
            else {
                return ApiOutcome::error(&ApiError::invalid(
                    "Idempotency key is required: fake-stripe rejects every POST without an Idempotency-Key header (use RequestStrategy::Idempotent).",
                ));
            };
            if let Some(stored) = account.idempotency.get(idempotency_key) {
                if stored.method == call.method
                    && stored.path == call.path
                    && stored.params == fingerprint
                {
                    return ApiOutcome {
                        status: stored.status,
                        body: stored.body.clone(),
                        deliveries: Vec::new(),
                    };
                }
                return ApiOutcome::error(&ApiError::idempotency(format!(
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{idempotency_key}' if you meant to execute a different request."
                )));
            }
        }
        let mut ctx = Ctx::new(
            &self.shared.base_url,
            call.idempotency_key.filter(|_| is_post).map(str::to_owned),
        );
        let (status, body) = match api::dispatch(account, &mut ctx, call.method, call.path, &params)
        {
            Ok((status, mut value)) => {
                api::expand(account, &mut value, &params.expand());
                (status, value.to_string())
            }
            Err(error) => (error.status, error.body().to_string()),
        };
        if is_post
            && ((200..300).contains(&status) || status == 402)
            && let Some(idempotency_key) = call.idempotency_key
        {
            account.idempotency.insert(
                idempotency_key.to_owned(),
                IdempotentResult {
                    method: call.method.to_owned(),
                    path: call.path.to_owned(),
                    params: fingerprint,
                    status,
                    body: body.clone(),
                },
            );
        }
        let deliveries = state.create_events(&key, &ctx);
        ApiOutcome {
            status,
            body,
            deliveries,
        }
    }

    /// Delivers event records one after the other.
    pub(crate) async fn deliver_all(&self, indices: Vec<usize>) {
        for index in indices {
            self.deliver(index).await;
        }
    }

    /// Delivers event record `index` now and records the status.
    async fn deliver(&self, index: usize) -> Option<u16> {
        let delivery = self.lock().delivery(index);
        let status = match delivery {
            Some(delivery) => post_webhook(&delivery).await,
            None => None,
        };
        if let Some(record) = self.lock().events.get_mut(index) {
            record.sent.delivered_status = status;
        }
        status
    }
}

/// POSTs one signed event; `None` if it could not be delivered.
async fn post_webhook(delivery: &Delivery) -> Option<u16> {
    let secrets: Vec<&str> = delivery.secrets.iter().map(String::as_str).collect();
    let header = signature_header(&delivery.payload, &secrets, state::now());
    // A fresh client per delivery: deliveries run on different runtimes (actix
    // workers, the test's runtime), and pooled connections are tied to one.
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .timeout(DELIVERY_TIMEOUT)
        .build()
        .ok()?;
    let response = client
        .post(&delivery.url)
        .header("Content-Type", "application/json")
        .header("Stripe-Signature", header)
        .header(
            "User-Agent",
            "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        )
        .body(delivery.payload.clone())
        .send()
        .await
        .ok()?;
    Some(response.status().as_u16())
}
