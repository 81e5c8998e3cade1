//! Checkout Sessions: the hosted page, paying and declining, and parameter validation.

use super::*;
use fake_stripe::{signature_header, v1_signatures, verify_signature};

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
    assert_payment_page(session["url"].as_str().unwrap()).await;

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
    assert_signed_only_with(&hits, &secret);
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

/// The hosted checkout page of a `payment_session_form()` session.
async fn assert_payment_page(url: &str) {
    let page = client()
        .get(url)
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
}

/// Every hit is JSON signed with `secret` alone, in Stripe's header format.
fn assert_signed_only_with(hits: &[Hit], secret: &str) {
    for hit in hits {
        assert_eq!(hit.content_type, "application/json");
        assert!(
            verify_signature(&hit.body, &hit.signature, secret),
            "{hit:?}"
        );
        assert!(!verify_signature(&hit.body, &hit.signature, "whsec_wrong"));
        assert_eq!(v1_signatures(&hit.signature).len(), 1);
        let timestamp: i64 = hit.signature[2..hit.signature.find(',').unwrap()]
            .parse()
            .unwrap();
        assert_eq!(
            hit.signature,
            signature_header(&hit.body, &[secret], timestamp)
        );
    }
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
