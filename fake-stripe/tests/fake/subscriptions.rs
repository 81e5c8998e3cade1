//! Subscriptions: created by checkout, failed payments, cancellation.

use super::*;

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
