//! Off-session charges of saved cards, and refunds.

use super::*;

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
