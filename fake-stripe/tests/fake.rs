//! End-to-end tests of the fake over HTTP, with a tiny webhook receiver.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use fake_stripe::{FakeStripe, signature_header, v1_signatures, verify_signature};
use serde_json::Value;

const KEY: &str = "sk_test_ringledger";

/// One webhook delivery as received.
#[derive(Debug, Clone)]
struct Hit {
    signature: String,
    content_type: String,
    body: String,
}

impl Hit {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
    fn event_type(&self) -> String {
        self.json()["type"].as_str().unwrap().to_owned()
    }
}

#[derive(Clone)]
struct ReceiverState {
    hits: Arc<Mutex<Vec<Hit>>>,
    status: Arc<AtomicU16>,
}

/// A webhook receiver on a free port; answers `status` (200 by default).
struct Receiver {
    url: String,
    state: ReceiverState,
}

impl Receiver {
    async fn start() -> Receiver {
        let state = ReceiverState {
            hits: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
        };
        let data = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(data.clone()))
                .default_service(web::to(receive))
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .unwrap();
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        Receiver {
            url: format!("http://127.0.0.1:{port}/webhooks/stripe"),
            state,
        }
    }

    fn hits(&self) -> Vec<Hit> {
        self.state.hits.lock().unwrap().clone()
    }

    fn types(&self) -> Vec<String> {
        self.hits().iter().map(Hit::event_type).collect()
    }
}

async fn receive(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<ReceiverState>,
) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    state.hits.lock().unwrap().push(Hit {
        signature: header("stripe-signature"),
        content_type: header("content-type"),
        body: String::from_utf8(body.to_vec()).unwrap(),
    });
    let status = state.status.load(Ordering::SeqCst);
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// POSTs a Stripe-style form; returns status and JSON.
async fn post(
    fake: &FakeStripe,
    path: &str,
    idempotency_key: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, Value) {
    post_as(fake, KEY, path, idempotency_key, form).await
}

async fn post_as(
    fake: &FakeStripe,
    api_key: &str,
    path: &str,
    idempotency_key: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut request = client()
        .post(format!("{}{path}", fake.base_url()))
        .bearer_auth(api_key)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body);
    if let Some(key) = idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn get(fake: &FakeStripe, path: &str) -> (u16, Value) {
    let response = client()
        .get(format!("{}{path}", fake.base_url()))
        .bearer_auth(KEY)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Registers `receiver` for `events`; returns (endpoint id, secret).
async fn endpoint(fake: &FakeStripe, receiver: &Receiver, events: &[&str]) -> (String, String) {
    let mut form = vec![("url", receiver.url.as_str())];
    let names: Vec<String> = (0..events.len())
        .map(|i| format!("enabled_events[{i}]"))
        .collect();
    for (name, event) in names.iter().zip(events) {
        form.push((name.as_str(), event));
    }
    let (status, body) = post(fake, "/v1/webhook_endpoints", Some(&key()), &form).await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let secret = body["secret"].as_str().unwrap().to_owned();
    assert!(id.starts_with("we_"));
    assert!(secret.starts_with("whsec_"));
    // async-stripe 0.41 parses this as an enum that stops at 2023-10-16: null unless asked.
    assert_eq!(body["api_version"], Value::Null);
    assert_eq!(fake.webhook_secret(&id).as_deref(), Some(secret.as_str()));
    (id, secret)
}

fn payment_session_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("mode", "payment"),
        (
            "success_url",
            "http://app.test/paid?session_id={CHECKOUT_SESSION_ID}",
        ),
        ("cancel_url", "http://app.test/cancelled"),
        ("line_items[0][price_data][currency]", "usd"),
        ("line_items[0][price_data][unit_amount]", "1250"),
        (
            "line_items[0][price_data][product_data][name]",
            "Invoice INV-1",
        ),
        ("line_items[0][quantity]", "1"),
        ("metadata[payment_id]", "pay-1"),
        ("payment_intent_data[metadata][payment_id]", "pay-1"),
        ("expand[0]", "payment_intent"),
    ]
}

async fn create_customer(fake: &FakeStripe) -> String {
    let (status, body) = post(
        fake,
        "/v1/customers",
        Some(&key()),
        &[
            ("email", "ops@example.test"),
            ("name", "Acme"),
            ("metadata[tenant_id]", "t1"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

/// Saves a card for a new customer through a setup-mode session; returns (customer, pm).
async fn saved_card(fake: &FakeStripe, card: &str) -> (String, String) {
    let customer = create_customer(fake).await;
    let (status, session) = post(
        fake,
        "/v1/checkout/sessions",
        Some(&key()),
        &[
            ("mode", "setup"),
            ("currency", "usd"),
            ("customer", &customer),
            ("success_url", "http://app.test/ok?s={CHECKOUT_SESSION_ID}"),
            ("cancel_url", "http://app.test/no"),
            ("setup_intent_data[metadata][profile]", "p1"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["payment_status"], "no_payment_required");
    let id = session["id"].as_str().unwrap();
    fake.pay_checkout(id, card).await.unwrap();
    let (_, session) = get(
        fake,
        &format!("/v1/checkout/sessions/{id}?expand[0]=setup_intent"),
    )
    .await;
    assert_eq!(session["status"], "complete");
    assert_eq!(session["setup_intent"]["status"], "succeeded");
    assert_eq!(session["setup_intent"]["metadata"]["profile"], "p1");
    let pm = session["setup_intent"]["payment_method"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, method) = get(fake, &format!("/v1/payment_methods/{pm}")).await;
    assert_eq!(method["customer"], customer.as_str());
    (customer, pm)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_and_idempotency_key_are_required() {
    let fake = FakeStripe::start(0).await.unwrap();
    let (status, body) = post(&fake, "/v1/customers", None, &[("email", "a@b.test")]).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("idempotency key is required"),
        "{body}"
    );

    let (status, body) = post_as(
        &fake,
        "sk_test_invalid_key",
        "/v1/customers",
        Some(&key()),
        &[],
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["type"], "invalid_request_error");
    let (status, _) = post_as(&fake, "pk_test_123", "/v1/customers", Some(&key()), &[]).await;
    assert_eq!(status, 401);
    let response = client()
        .get(format!("{}/v1/balance", fake.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);

    let (status, body) = get(&fake, "/v1/balance").await;
    assert_eq!(status, 200);
    assert_eq!(body["object"], "balance");
    assert_eq!(body["available"][0]["currency"], "usd");

    let (status, body) = get(&fake, "/v1/customers/cus_nope").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "resource_missing");
    let (status, body) = get(&fake, "/v1/prices/price_1").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["type"], "invalid_request_error");

    let (status, body) = post(
        &fake,
        "/v1/customers",
        Some(&key()),
        &[("emial", "typo@b.test")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "parameter_unknown");
    assert_eq!(body["error"]["param"], "emial");

    let recorded = fake.requests();
    assert_eq!(recorded.len(), 8);
    assert_eq!(recorded[0].method, "POST");
    assert_eq!(recorded[0].path, "/v1/customers");
    assert_eq!(recorded[0].param("email"), Some("a@b.test"));
    assert_eq!(recorded[0].idempotency_key, None);
    assert_eq!(recorded[0].api_key, KEY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotent_replay_and_conflict() {
    let fake = FakeStripe::start(0).await.unwrap();
    let k = key();
    let form = [("email", "a@b.test"), ("metadata[tenant_id]", "t1")];
    let (status1, first) = post(&fake, "/v1/customers", Some(&k), &form).await;
    let (status2, second) = post(&fake, "/v1/customers", Some(&k), &form).await;
    assert_eq!((status1, status2), (200, 200));
    assert_eq!(first, second);
    assert!(first["id"].as_str().unwrap().starts_with("cus_"));
    assert_eq!(first["metadata"]["tenant_id"], "t1");
    assert_eq!(
        first["invoice_settings"]["default_payment_method"],
        Value::Null
    );

    // A different key creates a different customer.
    let (_, third) = post(&fake, "/v1/customers", Some(&key()), &form).await;
    assert_ne!(third["id"], first["id"]);

    // Same key, different params: idempotency_error.
    let (status, body) = post(
        &fake,
        "/v1/customers",
        Some(&k),
        &[("email", "other@b.test")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["type"], "idempotency_error");

    // Keys are per account: another secret key may reuse it.
    let (status, other) = post_as(&fake, "sk_test_other", "/v1/customers", Some(&k), &[]).await;
    assert_eq!(status, 200);
    assert_ne!(other["id"], first["id"]);
    let response = client()
        .get(format!(
            "{}/v1/customers/{}",
            fake.base_url(),
            first["id"].as_str().unwrap()
        ))
        .bearer_auth("sk_test_other")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404, "accounts are separate");

    // Failed validation is not stored: the key can be used again after fixing the request.
    let k2 = key();
    let (status, _) = post(
        &fake,
        "/v1/customers",
        Some(&k2),
        &[("emial", "typo@b.test")],
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = post(
        &fake,
        "/v1/customers",
        Some(&k2),
        &[("email", "fixed@b.test")],
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_payment_flow_sends_signed_events() {
    let fake = FakeStripe::start(0).await.unwrap();
    let receiver = Receiver::start().await;
    let (_, secret) = endpoint(
        &fake,
        &receiver,
        &["checkout.session.completed", "payment_intent.succeeded"],
    )
    .await;

    let (status, session) = post(
        &fake,
        "/v1/checkout/sessions",
        Some(&key()),
        &payment_session_form(),
    )
    .await;
    assert_eq!(status, 200, "{session}");
    let id = session["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("cs_test_"));
    assert_eq!(session["object"], "checkout.session");
    assert_eq!(session["url"], format!("{}/checkout/{id}", fake.base_url()));
    assert_eq!(session["amount_total"], 1250);
    assert_eq!(session["currency"], "usd");
    assert_eq!(session["status"], "open");
    assert_eq!(session["payment_status"], "unpaid");
    assert_eq!(session["payment_intent"], Value::Null);
    assert_eq!(session["metadata"]["payment_id"], "pay-1");

    // The hosted page.
    let page = client()
        .get(session["url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<title>Fake Stripe Checkout</title>"));
    assert!(page.contains("12.50 USD"));
    assert!(page.contains("Card number"));
    assert!(page.contains("value=\"4242424242424242\""));
    assert!(page.contains(">Pay</button>"));
    assert!(page.contains("href=\"http://app.test/cancelled\""));

    // Pay through the page's form.
    let response = client()
        .post(format!("{}/checkout/{id}/pay", fake.base_url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("card=4242424242424242")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"].to_str().unwrap(),
        format!("http://app.test/paid?session_id={id}")
    );

    // Both webhooks arrived before the redirect, in order, correctly signed.
    let hits = receiver.hits();
    assert_eq!(
        receiver.types(),
        ["payment_intent.succeeded", "checkout.session.completed"]
    );
    for hit in &hits {
        assert_eq!(hit.content_type, "application/json");
        assert!(
            verify_signature(&hit.body, &hit.signature, &secret),
            "{hit:?}"
        );
        assert!(!verify_signature(&hit.body, &hit.signature, "whsec_wrong"));
        assert_eq!(v1_signatures(&hit.signature).len(), 1);
        let timestamp: i64 = hit.signature[2..hit.signature.find(',').unwrap()]
            .parse()
            .unwrap();
        assert_eq!(
            hit.signature,
            signature_header(&hit.body, &[&secret], timestamp)
        );
    }
    let pi_event = hits[0].json();
    assert_eq!(pi_event["object"], "event");
    assert_eq!(pi_event["api_version"], "2024-06-20");
    let pi = &pi_event["data"]["object"];
    assert_eq!(pi["status"], "succeeded");
    assert_eq!(pi["amount"], 1250);
    assert_eq!(pi["amount_received"], 1250);
    assert_eq!(pi["metadata"]["payment_id"], "pay-1");
    assert!(pi["latest_charge"].as_str().unwrap().starts_with("ch_"));
    let completed = hits[1].json();
    assert_eq!(completed["data"]["object"]["status"], "complete");
    assert_eq!(completed["data"]["object"]["payment_status"], "paid");
    assert_eq!(completed["data"]["object"]["payment_intent"], pi["id"]);

    let events = fake.events();
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| e.delivered_status == Some(200)));
    assert!(events.iter().all(|e| e.endpoint_url == receiver.url));
    assert_eq!(events[0].event_type, "payment_intent.succeeded");
    assert_eq!(events[1].payload, hits[1].body);

    // The session is complete now; a retrieve can expand the PI.
    let (_, current) = get(
        &fake,
        &format!("/v1/checkout/sessions/{id}?expand[0]=payment_intent"),
    )
    .await;
    assert_eq!(current["status"], "complete");
    assert_eq!(current["payment_intent"]["id"], pi["id"]);
    let (_, method) = get(
        &fake,
        &format!(
            "/v1/payment_methods/{}",
            pi["payment_method"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(method["card"]["brand"], "visa");
    assert_eq!(method["card"]["last4"], "4242");
    assert_eq!(method["customer"], Value::Null);

    // Paying twice is refused.
    assert!(fake.pay_checkout(&id, "4242424242424242").await.is_err());

    // Resend delivers the same payload again with a fresh signature.
    let status = fake.resend(&events[1].id).await.unwrap();
    assert_eq!(status, 200);
    let hits = receiver.hits();
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[2].body, hits[1].body);
    assert!(verify_signature(&hits[2].body, &hits[2].signature, &secret));
    assert!(fake.resend("evt_unknown").await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declined_card_on_checkout_page() {
    let fake = FakeStripe::start(0).await.unwrap();
    let (_, session) = post(
        &fake,
        "/v1/checkout/sessions",
        Some(&key()),
        &payment_session_form(),
    )
    .await;
    let id = session["id"].as_str().unwrap();

    assert_eq!(
        fake.pay_checkout(id, "4000000000000002").await,
        Err("card_declined".to_owned())
    );
    let response = client()
        .post(format!("{}/checkout/{id}/pay", fake.base_url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("card=4000000000000002")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 402);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Your card was declined.")
    );
    let (_, current) = get(&fake, &format!("/v1/checkout/sessions/{id}")).await;
    assert_eq!(current["status"], "open");
    assert!(fake.events().is_empty());

    let url = fake.pay_checkout(id, "5555 5555 5555 4444").await.unwrap();
    assert_eq!(url, format!("http://app.test/paid?session_id={id}"));
    assert!(
        fake.pay_checkout("cs_test_unknown", "4242424242424242")
            .await
            .is_err()
    );
    // Events are recorded even without endpoints (never delivered).
    let events = fake.events();
    assert_eq!(events.len(), 2);
    assert!(
        events
            .iter()
            .all(|e| e.endpoint_url.is_empty() && e.delivered_status.is_none())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_validation() {
    let fake = FakeStripe::start(0).await.unwrap();
    let mut form = payment_session_form();
    form[1] = ("success_url", "http://app.test/paid");
    let (status, body) = post(&fake, "/v1/checkout/sessions", Some(&key()), &form).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["param"], "success_url");

    let form: Vec<_> = payment_session_form()
        .into_iter()
        .filter(|(k, _)| *k != "line_items[0][price_data][unit_amount]")
        .collect();
    let (status, body) = post(&fake, "/v1/checkout/sessions", Some(&key()), &form).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "parameter_missing");
    assert_eq!(
        body["error"]["param"],
        "line_items[0][price_data][unit_amount]"
    );

    let mut form = payment_session_form();
    form[4] = ("line_items[0][price_data][unit_amount]", "12.50");
    let (status, body) = post(&fake, "/v1/checkout/sessions", Some(&key()), &form).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "parameter_invalid_integer");

    let mut form = payment_session_form();
    form[3] = ("line_items[0][price_data][currency]", "USD");
    let (status, body) = post(&fake, "/v1/checkout/sessions", Some(&key()), &form).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["param"],
        "line_items[0][price_data][currency]"
    );

    let mut form = payment_session_form();
    form.push(("payment_intent_data[setup_future_usage]", "always"));
    let (status, _) = post(&fake, "/v1/checkout/sessions", Some(&key()), &form).await;
    assert_eq!(status, 400);

    let mut form = payment_session_form();
    form.push(("customer", "cus_missing"));
    let (status, body) = post(&fake, "/v1/checkout/sessions", Some(&key()), &form).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "resource_missing");
    assert_eq!(body["error"]["param"], "customer");

    let (status, body) = post(
        &fake,
        "/v1/checkout/sessions",
        Some(&key()),
        &[("mode", "payment")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["param"], "success_url");

    let (status, body) = post(
        &fake,
        "/v1/webhook_endpoints",
        Some(&key()),
        &[("url", "http://x.test/h")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["param"], "enabled_events");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn off_session_charges_and_declines() {
    let fake = FakeStripe::start(0).await.unwrap();
    let receiver = Receiver::start().await;
    endpoint(&fake, &receiver, &["*"]).await;
    let (customer, pm) = saved_card(&fake, "4242424242424242").await;
    assert_eq!(
        receiver.types(),
        ["setup_intent.succeeded", "checkout.session.completed"]
    );

    let charge = |amount: &'static str, pm: String, customer: String| {
        let fake = fake.clone();
        async move {
            post(
                &fake,
                "/v1/payment_intents",
                Some(&key()),
                &[
                    ("amount", amount),
                    ("currency", "usd"),
                    ("customer", &customer),
                    ("payment_method", &pm),
                    ("confirm", "true"),
                    ("off_session", "true"),
                    ("metadata[invoice_id]", "inv-1"),
                ],
            )
            .await
        }
    };
    let (status, pi) = charge("4999", pm.clone(), customer.clone()).await;
    assert_eq!(status, 200, "{pi}");
    assert_eq!(pi["status"], "succeeded");
    assert_eq!(pi["amount_received"], 4999);
    assert_eq!(pi["metadata"]["invoice_id"], "inv-1");
    assert_eq!(receiver.types().last().unwrap(), "payment_intent.succeeded");

    fake.decline_next_charge(KEY);
    let (status, body) = charge("4999", pm.clone(), customer.clone()).await;
    assert_eq!(status, 402);
    assert_eq!(body["error"]["type"], "card_error");
    assert_eq!(body["error"]["code"], "card_declined");
    assert_eq!(body["error"]["decline_code"], "insufficient_funds");
    assert_eq!(
        body["error"]["payment_intent"]["status"],
        "requires_payment_method"
    );
    assert_eq!(
        receiver.types().last().unwrap(),
        "payment_intent.payment_failed"
    );
    // Only once.
    let (status, _) = charge("100", pm.clone(), customer.clone()).await;
    assert_eq!(status, 200);

    // A card ending in 0002 always declines.
    let (customer2, pm2) = saved_card(&fake, "4100000000000002").await;
    let (status, _) = charge("100", pm2.clone(), customer2).await;
    assert_eq!(status, 402);
    // A payment method of another customer is refused.
    let (status, body) = charge("100", pm2, customer).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["param"], "payment_method");

    let (status, body) = post(
        &fake,
        "/v1/payment_intents",
        Some(&key()),
        &[("amount", "100"), ("currency", "usd")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["param"], "customer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refunds_are_capped_at_the_remaining_amount() {
    let fake = FakeStripe::start(0).await.unwrap();
    let receiver = Receiver::start().await;
    endpoint(&fake, &receiver, &["charge.refunded"]).await;
    let (_, session) = post(
        &fake,
        "/v1/checkout/sessions",
        Some(&key()),
        &payment_session_form(),
    )
    .await;
    let id = session["id"].as_str().unwrap();
    fake.pay_checkout(id, "4242424242424242").await.unwrap();
    let (_, session) = get(&fake, &format!("/v1/checkout/sessions/{id}")).await;
    let pi = session["payment_intent"].as_str().unwrap().to_owned();

    let (status, refund) = post(
        &fake,
        "/v1/refunds",
        Some(&key()),
        &[
            ("payment_intent", &pi),
            ("amount", "1000"),
            ("metadata[refund_id]", "r1"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{refund}");
    assert!(refund["id"].as_str().unwrap().starts_with("re_"));
    assert_eq!(refund["amount"], 1000);
    assert_eq!(refund["status"], "succeeded");
    assert_eq!(refund["metadata"]["refund_id"], "r1");

    let (status, body) = post(
        &fake,
        "/v1/refunds",
        Some(&key()),
        &[("payment_intent", &pi), ("amount", "251")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["param"], "amount");

    let (status, rest) = post(
        &fake,
        "/v1/refunds",
        Some(&key()),
        &[("payment_intent", &pi)],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(rest["amount"], 250);

    let (status, _) = post(
        &fake,
        "/v1/refunds",
        Some(&key()),
        &[("payment_intent", &pi)],
    )
    .await;
    assert_eq!(status, 400);
    let (status, body) = post(
        &fake,
        "/v1/refunds",
        Some(&key()),
        &[("payment_intent", "pi_missing")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "resource_missing");

    let charges: Vec<Value> = receiver
        .hits()
        .iter()
        .map(|h| h.json()["data"]["object"].clone())
        .collect();
    assert_eq!(charges.len(), 2);
    assert_eq!(charges[0]["object"], "charge");
    assert_eq!(charges[0]["payment_intent"], pi.as_str());
    assert_eq!(charges[0]["amount_refunded"], 1000);
    assert_eq!(charges[0]["refunded"], false);
    assert_eq!(charges[1]["amount_refunded"], 1250);
    assert_eq!(charges[1]["refunded"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_rotation_signs_with_both_secrets() {
    let fake = FakeStripe::start(0).await.unwrap();
    let receiver = Receiver::start().await;
    let (endpoint_id, old) = endpoint(
        &fake,
        &receiver,
        &[
            "customer.subscription.deleted",
            "checkout.session.completed",
        ],
    )
    .await;
    let new = fake.rotate_webhook_secret(&endpoint_id).unwrap();
    assert_ne!(new, old);
    assert_eq!(
        fake.webhook_secret(&endpoint_id).as_deref(),
        Some(new.as_str())
    );
    assert!(fake.rotate_webhook_secret("we_unknown").is_none());

    let (_, session) = post(
        &fake,
        "/v1/checkout/sessions",
        Some(&key()),
        &payment_session_form(),
    )
    .await;
    fake.pay_checkout(session["id"].as_str().unwrap(), "4242424242424242")
        .await
        .unwrap();
    let hits = receiver.hits();
    assert_eq!(hits.len(), 1);
    let signatures = v1_signatures(&hits[0].signature);
    assert_eq!(signatures.len(), 2);
    assert!(verify_signature(&hits[0].body, &hits[0].signature, &new));
    assert!(verify_signature(&hits[0].body, &hits[0].signature, &old));
    let timestamp: i64 = hits[0].signature[2..hits[0].signature.find(',').unwrap()]
        .parse()
        .unwrap();
    assert_eq!(
        hits[0].signature,
        signature_header(&hits[0].body, &[&new, &old], timestamp)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn held_webhooks_are_released_in_reverse() {
    let fake = FakeStripe::start(0).await.unwrap();
    let receiver = Receiver::start().await;
    endpoint(&fake, &receiver, &["*"]).await;
    fake.hold_webhooks(true);
    let (_, session) = post(
        &fake,
        "/v1/checkout/sessions",
        Some(&key()),
        &payment_session_form(),
    )
    .await;
    fake.pay_checkout(session["id"].as_str().unwrap(), "4242424242424242")
        .await
        .unwrap();
    assert!(receiver.hits().is_empty());
    assert!(fake.events().iter().all(|e| e.delivered_status.is_none()));

    receiver.state.status.store(500, Ordering::SeqCst);
    let statuses = fake.release_webhooks(true).await;
    assert_eq!(statuses, [500, 500]);
    assert_eq!(
        receiver.types(),
        ["checkout.session.completed", "payment_intent.succeeded"]
    );
    assert!(
        fake.events()
            .iter()
            .all(|e| e.delivered_status == Some(500))
    );

    receiver.state.status.store(200, Ordering::SeqCst);
    let first = fake.events()[0].id.clone();
    assert_eq!(fake.resend(&first).await, Ok(200));
    assert_eq!(fake.events()[0].delivered_status, Some(200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_endpoint_is_recorded_not_fatal() {
    let fake = FakeStripe::start(0).await.unwrap();
    // Bind and drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (status, _) = post(
        &fake,
        "/v1/webhook_endpoints",
        Some(&key()),
        &[
            ("url", &format!("http://127.0.0.1:{port}/hook")),
            ("enabled_events[0]", "*"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let (_, session) = post(
        &fake,
        "/v1/checkout/sessions",
        Some(&key()),
        &payment_session_form(),
    )
    .await;
    fake.pay_checkout(session["id"].as_str().unwrap(), "4242424242424242")
        .await
        .unwrap();
    let events = fake.events();
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| e.delivered_status.is_none()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscription_lifecycle() {
    let fake = FakeStripe::start(0).await.unwrap();
    let receiver = Receiver::start().await;
    let (endpoint_id, _) = endpoint(&fake, &receiver, &["*"]).await;
    let (status, session) = post(
        &fake,
        "/v1/checkout/sessions",
        Some(&key()),
        &[
            ("mode", "subscription"),
            (
                "success_url",
                "http://app.test/welcome?s={CHECKOUT_SESSION_ID}",
            ),
            ("cancel_url", "http://app.test/pricing"),
            ("customer_email", "owner@example.test"),
            ("line_items[0][price]", "price_pro"),
            ("line_items[0][quantity]", "1"),
            ("subscription_data[trial_period_days]", "14"),
            ("subscription_data[metadata][tenant_id]", "t1"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["amount_total"], Value::Null);
    let page = client()
        .get(session["url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(">Subscribe</button>"));

    let id = session["id"].as_str().unwrap();
    fake.pay_checkout(id, "4242424242424242").await.unwrap();
    assert_eq!(
        receiver.types(),
        [
            "customer.subscription.created",
            "checkout.session.completed"
        ]
    );
    let (_, session) = get(&fake, &format!("/v1/checkout/sessions/{id}")).await;
    assert_eq!(session["status"], "complete");
    let sub_id = session["subscription"].as_str().unwrap().to_owned();
    let (_, sub) = get(
        &fake,
        &format!("/v1/subscriptions/{sub_id}?expand[0]=customer"),
    )
    .await;
    assert_eq!(sub["status"], "trialing");
    assert_eq!(sub["metadata"]["tenant_id"], "t1");
    assert_eq!(sub["items"]["data"][0]["price"]["id"], "price_pro");
    assert_eq!(sub["customer"]["email"], "owner@example.test");
    assert_eq!(sub["customer"]["id"], session["customer"]);
    assert_eq!(sub["current_period_end"], sub["trial_end"]);

    fake.fail_subscription_payment(&sub_id).await.unwrap();
    let types = receiver.types();
    assert_eq!(
        &types[2..],
        ["invoice.payment_failed", "customer.subscription.updated"]
    );
    let (_, sub) = get(&fake, &format!("/v1/subscriptions/{sub_id}")).await;
    assert_eq!(sub["status"], "past_due");

    fake.cancel_subscription(&sub_id).await.unwrap();
    assert_eq!(
        receiver.types().last().unwrap(),
        "customer.subscription.deleted"
    );
    let (_, sub) = get(&fake, &format!("/v1/subscriptions/{sub_id}")).await;
    assert_eq!(sub["status"], "canceled");
    assert!(fake.cancel_subscription(&sub_id).await.is_err());
    assert!(fake.fail_subscription_payment("sub_unknown").await.is_err());

    // Deleting the endpoint stops deliveries.
    let response = client()
        .delete(format!(
            "{}/v1/webhook_endpoints/{endpoint_id}",
            fake.base_url()
        ))
        .bearer_auth(KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["deleted"], true);
}
