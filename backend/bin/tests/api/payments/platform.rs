//! Operators' own plan for Ringledger: checkout, failed payments, suspension.

use super::*;

#[tokio::test]
async fn operators_pay_for_ringledger_and_an_unpaid_tenant_is_suspended() {
    let fake = FakeStripe::start(0).await.unwrap();
    let base = fake.base_url();
    let app = TestApp::spawn_with(|s| {
        s.stripe_api_base = base.clone();
        s.platform_stripe_secret_key = Some("sk_test_platform000000001".to_owned().into());
        s.platform_price_id = "price_ringledger_monthly".into();
        s.platform_trial_days = 14;
        s.platform_grace_days = 7;
        s.platform_stripe_webhook_secret = Some("whsec_platform_test".to_owned().into());
    })
    .await;
    // The platform's endpoint, as registered in Stripe's dashboard.
    fake.add_webhook_endpoint(
        "sk_test_platform000000001",
        &app.url("/api/v1/webhooks/stripe"),
        "whsec_platform_test",
    );

    app.clock().set(at(2026, 11, 1, 9));
    let mut op = app.operator("acme").await;
    let plan = staff(&app, &op, Method::GET, "/api/v1/subscription", json!(null)).await;
    assert_eq!(plan["status"], "trialing");
    let v = staff(
        &app,
        &op,
        Method::POST,
        "/api/v1/subscription/checkout",
        json!(null),
    )
    .await;
    let req = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/checkout/sessions")
        .unwrap();
    assert_eq!(req.param("mode"), Some("subscription"));
    assert_eq!(
        req.param("line_items[0][price]"),
        Some("price_ringledger_monthly")
    );
    assert_eq!(
        req.param("subscription_data[trial_period_days]"),
        Some("14")
    );
    let session = session_of(&v);
    fake.pay_checkout(&session, "4242424242424242")
        .await
        .unwrap();
    let plan = staff(&app, &op, Method::GET, "/api/v1/subscription", json!(null)).await;
    assert_eq!(plan["status"], "trialing", "{plan}");

    let admin = app.admin().await;
    let sub_id = fake.subscription_ids().into_iter().next().unwrap();
    fake.fail_subscription_payment(&sub_id).await.unwrap();
    let list: Value = app
        .send(
            Method::GET,
            "localhost",
            "/api/v1/admin/tenants",
            None,
            Some(&admin.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["plan_status"], "past_due");
    // Seven days of grace, then the tenant is suspended.
    travel(&app, &mut op, at(2026, 11, 7, 9)).await;
    ringledger::services::payments::platform::enforce(app.state.deps())
        .await
        .unwrap();
    let plan = staff(&app, &op, Method::GET, "/api/v1/subscription", json!(null)).await;
    assert_eq!(plan["status"], "past_due");
    assert!(
        plan["suspends_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-08"),
        "{plan}"
    );
    app.clock().set(at(2026, 11, 8, 10));
    ringledger::services::payments::platform::enforce(app.state.deps())
        .await
        .unwrap();
    let login = json!({"email": op.email, "password": op.password});
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/auth/login",
            Some(&login),
            None,
        )
        .await;
    let (_, code, _) = error_of(res).await;
    assert_eq!(code, "tenant_suspended");
}
