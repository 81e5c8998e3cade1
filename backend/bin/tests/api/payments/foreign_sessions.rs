//! Issue 17: Stripe sessions made outside our flow never credit or touch the wrong account.

use super::*;

/// Calls the fake Stripe's API with secret key `key`, as anyone holding
/// that key (the seller, or a reseller in its own account) can.
async fn stripe_post(fake: &FakeStripe, key: &str, path: &str, form: &[(&str, String)]) -> Value {
    let res = reqwest::Client::new()
        .post(format!("{}{path}", fake.base_url()))
        .bearer_auth(key)
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .form(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert!(status.is_success(), "{path}: {v}");
    v
}

/// A Checkout Session in payment mode for `minor` cents of EUR, created
/// directly in the Stripe account of `key` and carrying `meta` (on the
/// session and on its PaymentIntent), then paid on the fake's page (its
/// events are signed and delivered to that account's endpoint). Returns
/// the session id and the types of the events delivered.
async fn foreign_paid_session(
    fake: &FakeStripe,
    key: &str,
    minor: i64,
    meta: &[(&str, &str)],
) -> (String, Vec<String>) {
    let mut form: Vec<(&str, String)> = vec![
        ("mode", "payment".into()),
        (
            "success_url",
            "http://attacker.test/?s={CHECKOUT_SESSION_ID}".into(),
        ),
        ("cancel_url", "http://attacker.test/".into()),
        ("line_items[0][price_data][currency]", "eur".into()),
        ("line_items[0][price_data][unit_amount]", minor.to_string()),
        (
            "line_items[0][price_data][product_data][name]",
            "Top-up".into(),
        ),
        ("line_items[0][quantity]", "1".into()),
    ];
    let keys: Vec<(String, String)> = meta
        .iter()
        .flat_map(|(k, v)| {
            [
                (format!("metadata[{k}]"), (*v).to_owned()),
                (
                    format!("payment_intent_data[metadata][{k}]"),
                    (*v).to_owned(),
                ),
            ]
        })
        .collect();
    form.extend(keys.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let session = stripe_post(fake, key, "/v1/checkout/sessions", &form).await;
    let id = session["id"].as_str().unwrap().to_owned();
    let from = fake.events().len();
    fake.pay_checkout(&id, "4242424242424242").await.unwrap();
    (id, delivered_since(fake, from))
}

/// A Checkout Session in setup mode created directly in the Stripe account
/// of `key` (for Stripe customer `customer`, if any) naming `account` in
/// its metadata, completed with `card`. Returns the session id and the
/// types of the events delivered.
async fn foreign_setup_session(
    fake: &FakeStripe,
    key: &str,
    customer: Option<&str>,
    account: &str,
    card: &str,
) -> (String, Vec<String>) {
    let mut form: Vec<(&str, String)> = vec![
        ("mode", "setup".into()),
        ("currency", "eur".into()),
        (
            "success_url",
            "http://attacker.test/?s={CHECKOUT_SESSION_ID}".into(),
        ),
        ("cancel_url", "http://attacker.test/".into()),
        ("metadata[account_id]", account.into()),
        ("setup_intent_data[metadata][account_id]", account.into()),
    ];
    if let Some(c) = customer {
        form.push(("customer", c.into()));
    }
    let session = stripe_post(fake, key, "/v1/checkout/sessions", &form).await;
    let id = session["id"].as_str().unwrap().to_owned();
    let from = fake.events().len();
    fake.pay_checkout(&id, card).await.unwrap();
    (id, delivered_since(fake, from))
}

/// The types of the events created since the first `from`; every one of
/// them must have been delivered (signed) to an endpoint and answered 200.
fn delivered_since(fake: &FakeStripe, from: usize) -> Vec<String> {
    let events: Vec<_> = fake.events().into_iter().skip(from).collect();
    assert!(!events.is_empty(), "no event");
    for e in &events {
        assert!(!e.endpoint_url.is_empty(), "{} went nowhere", e.event_type);
        assert_eq!(e.delivered_status, Some(200), "{}", e.event_type);
    }
    events.into_iter().map(|e| e.event_type).collect()
}

/// The balance of customer `cid` as its seller `op` sees it.
async fn balance_of(
    app: &TestApp,
    op: &crate::helpers::Operator,
    cid: &str,
) -> rust_decimal::Decimal {
    let c = staff(
        app,
        op,
        Method::GET,
        &format!("/api/v1/customers/{cid}"),
        json!(null),
    )
    .await;
    c["account"]["balance"].as_str().unwrap().parse().unwrap()
}

/// The payment `id` of customer `cid` as its seller `op` sees it.
async fn payment_of(app: &TestApp, op: &crate::helpers::Operator, cid: &str, id: &str) -> Value {
    let pays = staff(
        app,
        op,
        Method::GET,
        &format!("/api/v1/customers/{cid}/payments"),
        json!(null),
    )
    .await;
    pays["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no payment {id}: {pays}"))
}

/// A reseller `blue` of the shop's operator (prepaid wholesale account),
/// signed in to its console: (its staff login, its wholesale customer id).
async fn reseller_blue(app: &TestApp, s: &Shop) -> (crate::helpers::Operator, String) {
    let body = json!({"name": "Blue Calls", "slug": "blue",
        "owner_email": "owner@blue.test", "owner_password": "reseller password",
        "markup_kind": "percent", "markup_value": "20",
        "account_kind": "prepaid", "credit_limit": null, "reseller_fee": "0"});
    let view = staff(app, &s.op, Method::POST, "/api/v1/resellers", body).await;
    let mut blue = crate::helpers::Operator {
        tenant_id: s.op.tenant_id.clone(),
        slug: "blue.acme".into(),
        email: "owner@blue.test".into(),
        password: "reseller password".into(),
        access_token: String::new(),
        refresh_token: String::new(),
    };
    let v: Value = app
        .send(
            Method::POST,
            &blue.host(),
            "/api/v1/auth/login",
            Some(&json!({"email": blue.email, "password": blue.password})),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    blue.access_token = v["access_token"].as_str().unwrap().to_owned();
    let wholesale = view["wholesale"]["customer_id"]
        .as_str()
        .unwrap()
        .to_owned();
    (blue, wholesale)
}

const BLUE_SECRET: &str = "sk_test_blue0000000001";

#[tokio::test]
async fn a_resellers_own_stripe_account_cannot_credit_its_wholesale_account() {
    let (app, fake) = with_stripe().await;
    let s = shop(&app).await;
    connect(&app, &s).await;
    let (blue, wholesale) = reseller_blue(&app, &s).await;
    // Blue connects its own Stripe account (its endpoint is registered).
    staff(
        &app,
        &blue,
        Method::PUT,
        "/api/v1/settings/payments",
        json!({"secret_key": BLUE_SECRET, "publishable_key": "pk_test_blue0000000001"}),
    )
    .await;
    // On the operator's portal, Blue starts a wholesale top-up of 5.00.
    let token = customer_token_with(&app, &s, "owner@blue.test", "reseller password").await;
    let res = my(
        &app,
        &s,
        &token,
        Method::POST,
        "/api/v1/my/top-ups",
        json!({"amount": "5.00"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let top_up: Value = res.json().await.unwrap();
    let payment = top_up["payment_id"].as_str().unwrap().to_owned();
    let account = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{wholesale}"),
        json!(null),
    )
    .await["account"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = balance_of(&app, &s.op, &wholesale).await;

    // In its own Stripe account Blue pays 1,000,000.00 with our payment's
    // id: Stripe sends Blue's endpoint correctly signed events.
    let (attack, kinds) = foreign_paid_session(
        &fake,
        BLUE_SECRET,
        100_000_000,
        &[("payment_id", &payment), ("account_id", &account)],
    )
    .await;
    assert!(
        kinds.contains(&"checkout.session.completed".to_owned())
            && kinds.contains(&"payment_intent.succeeded".to_owned()),
        "{kinds:?}"
    );
    // Coming "back" from it on the operator's portal does nothing either.
    let res = my(
        &app,
        &s,
        &token,
        Method::POST,
        &format!("/api/v1/my/checkout/{attack}/confirm"),
        json!(null),
    )
    .await;
    assert_eq!(res.status(), 404);
    assert_eq!(balance_of(&app, &s.op, &wholesale).await, before);
    let p = payment_of(&app, &s.op, &wholesale, &payment).await;
    assert_eq!(
        (p["status"].as_str(), p["amount"].as_str()),
        (Some("pending"), Some("5.00")),
        "{p}"
    );

    // The real top-up, paid in the operator's account: exactly 5.00.
    fake.pay_checkout(&session_of(&top_up), "4242424242424242")
        .await
        .unwrap();
    assert_eq!(
        balance_of(&app, &s.op, &wholesale).await,
        before + rust_decimal::Decimal::new(500, 2)
    );
    let p = payment_of(&app, &s.op, &wholesale, &payment).await;
    assert_eq!(p["status"], "succeeded", "{p}");
    crate::books::assert_books_balance(&app, &s.op).await;
}

#[tokio::test]
async fn an_event_for_another_amount_never_credits_more_than_our_payment() {
    let (app, fake) = with_stripe().await;
    let s = shop(&app).await;
    connect(&app, &s).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let cid = al["id"].as_str().unwrap();
    let token = customer_token(&app, &s, "al@example.test").await;
    let top_up: Value = my(
        &app,
        &s,
        &token,
        Method::POST,
        "/api/v1/my/top-ups",
        json!({"amount": "5.00"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let payment = top_up["payment_id"].as_str().unwrap().to_owned();
    let account = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{cid}"),
        json!(null),
    )
    .await["account"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = balance_of(&app, &s.op, cid).await;

    // A session of 1000.00 in the seller's own account, naming our 5.00
    // payment: its signed events (session and PaymentIntent) credit nothing,
    // and neither does the redirect back from it.
    let (other, kinds) = foreign_paid_session(
        &fake,
        SECRET,
        100_000,
        &[("payment_id", &payment), ("account_id", &account)],
    )
    .await;
    assert!(
        kinds.contains(&"checkout.session.completed".to_owned())
            && kinds.contains(&"payment_intent.succeeded".to_owned()),
        "{kinds:?}"
    );
    let res = my(
        &app,
        &s,
        &token,
        Method::POST,
        &format!("/api/v1/my/checkout/{other}/confirm"),
        json!(null),
    )
    .await;
    assert_eq!(res.status(), 404);
    assert_eq!(balance_of(&app, &s.op, cid).await, before);
    assert_eq!(
        payment_of(&app, &s.op, cid, &payment).await["status"],
        "pending"
    );

    // Our own session: 5.00, once, whatever arrives.
    let ours = session_of(&top_up);
    fake.pay_checkout(&ours, "4242424242424242").await.unwrap();
    let confirmed: Value = my(
        &app,
        &s,
        &token,
        Method::POST,
        &format!("/api/v1/my/checkout/{ours}/confirm"),
        json!(null),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(confirmed["status"], "succeeded", "{confirmed}");
    assert_eq!(confirmed["payment"]["amount"], "5.00");
    assert_eq!(
        balance_of(&app, &s.op, cid).await,
        before + rust_decimal::Decimal::new(500, 2)
    );
    crate::books::assert_books_balance(&app, &s.op).await;
}

#[tokio::test]
async fn a_setup_session_naming_another_account_leaves_its_card_alone() {
    let (app, fake) = with_stripe().await;
    let s = shop(&app).await;
    connect(&app, &s).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    sign_up(
        &app,
        &s,
        "Bo",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let al_token = customer_token(&app, &s, "al@example.test").await;
    let bo_token = customer_token(&app, &s, "bo@example.test").await;
    save_card(&app, &fake, &s, &al_token, "4242424242424242").await;
    save_card(&app, &fake, &s, &bo_token, "4000056655665556").await;
    let card_of = |token: String| {
        let app = &app;
        let s = &s;
        async move {
            let profile: Value = my(
                app,
                s,
                &token,
                Method::GET,
                "/api/v1/my/payment-profile",
                json!(null),
            )
            .await
            .json()
            .await
            .unwrap();
            profile["card"].as_str().unwrap_or_default().to_owned()
        }
    };
    assert_eq!(card_of(al_token.clone()).await, "visa •••• 4242");
    let al_account = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{}", al["id"].as_str().unwrap()),
        json!(null),
    )
    .await["account"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Bo's Stripe customer (the last card saved was Bo's).
    let bo_customer = fake
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path == "/v1/checkout/sessions" && r.param("mode") == Some("setup"))
        .and_then(|r| r.param("customer").map(str::to_owned))
        .unwrap();

    // In the seller's account: a setup session of Bo's Stripe customer
    // naming Al's account. Neither its webhook nor Al's redirect saves it.
    let (same_seller, kinds) = foreign_setup_session(
        &fake,
        SECRET,
        Some(&bo_customer),
        &al_account,
        "5555555555554444",
    )
    .await;
    assert!(
        kinds.contains(&"checkout.session.completed".to_owned()),
        "{kinds:?}"
    );
    assert_eq!(card_of(al_token.clone()).await, "visa •••• 4242");
    let res = my(
        &app,
        &s,
        &al_token,
        Method::POST,
        &format!("/api/v1/my/checkout/{same_seller}/confirm"),
        json!(null),
    )
    .await;
    assert_eq!(res.status(), 404);
    assert_eq!(card_of(al_token.clone()).await, "visa •••• 4242");

    // In a reseller's own account, naming Al's account (a customer of the
    // operator): ignored as well.
    let (blue, _) = reseller_blue(&app, &s).await;
    staff(
        &app,
        &blue,
        Method::PUT,
        "/api/v1/settings/payments",
        json!({"secret_key": BLUE_SECRET, "publishable_key": "pk_test_blue0000000001"}),
    )
    .await;
    let (_, kinds) =
        foreign_setup_session(&fake, BLUE_SECRET, None, &al_account, "5555555555554444").await;
    assert!(
        kinds.contains(&"checkout.session.completed".to_owned()),
        "{kinds:?}"
    );
    assert_eq!(card_of(al_token.clone()).await, "visa •••• 4242");
    assert_eq!(card_of(bo_token.clone()).await, "visa •••• 5556");

    // Al's own setup session still saves Al's new card.
    save_card(&app, &fake, &s, &al_token, "5555555555554444").await;
    assert_eq!(card_of(al_token).await, "mastercard •••• 4444");
}
