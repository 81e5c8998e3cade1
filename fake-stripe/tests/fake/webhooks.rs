//! Webhook delivery: secret rotation, holding and releasing, unreachable endpoints.

use super::*;
use fake_stripe::{signature_header, v1_signatures, verify_signature};

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
