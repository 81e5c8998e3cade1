//! Paying invoices: by hand without Stripe, by card through Checkout, the way back.

use super::*;

#[tokio::test]
async fn without_stripe_the_product_says_so_and_payments_are_recorded_by_hand() {
    let app = TestApp::spawn().await;
    let (s, al, invoice) = billed_customer(&app).await;
    let settings = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/settings/payments",
        json!(null),
    )
    .await;
    assert_eq!(settings["configured"], false);
    let token = customer_token(&app, &s, "al@example.test").await;
    let inv = invoice["id"].as_str().unwrap();
    let res = my(
        &app,
        &s,
        &token,
        Method::POST,
        &format!("/api/v1/my/invoices/{inv}/checkout"),
        json!({}),
    )
    .await;
    let (status, code, _) = error_of(res).await;
    assert_eq!((status, code.as_str()), (409, "payments_not_configured"));
    let profile: Value = my(
        &app,
        &s,
        &token,
        Method::GET,
        "/api/v1/my/payment-profile",
        json!(null),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(profile["card_payments"], false);

    let cid = al["id"].as_str().unwrap();
    let path = format!("/api/v1/customers/{cid}/payments");
    // Bad input is refused field by field, nothing written.
    for (body, field) in [
        (json!({"amount": "0", "reference": "x"}), "amount"),
        (json!({"amount": "1.001", "reference": "x"}), "amount"),
        (json!({"amount": "5", "reference": ""}), "reference"),
    ] {
        let res = app
            .send(
                Method::POST,
                &s.op.host(),
                &path,
                Some(&body),
                Some(&s.op.access_token),
            )
            .await;
        let (status, _, f) = error_of(res).await;
        assert_eq!((status, f.as_deref()), (400, Some(field)), "{body}");
    }
    let paid = staff(
        &app,
        &s.op,
        Method::POST,
        &path,
        json!({"amount": "12.00", "invoice_id": inv, "reference": "bank transfer 881"}),
    )
    .await;
    assert_eq!(
        (paid["status"].as_str(), paid["method"].as_str()),
        (Some("succeeded"), Some("manual"))
    );
    let detail = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/invoices/{inv}"),
        json!(null),
    )
    .await;
    assert_eq!(detail["invoice"]["status"], "paid");
    assert_eq!(detail["invoice"]["amount_paid"], "12.00");
    assert_eq!(detail["payments"].as_array().unwrap().len(), 1);
    let ledger = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{cid}/ledger"),
        json!(null),
    )
    .await;
    assert_eq!(ledger_kinds(&ledger, "payment"), 1);
    crate::books::assert_books_balance(&app, &s.op).await;
}

#[tokio::test]
async fn an_invoice_paid_by_card_is_credited_once_whatever_arrives_first() {
    let (app, fake) = with_stripe().await;
    let (s, al, invoice) = billed_customer(&app).await;

    // Keys are checked before anything is stored.
    for (body, field) in [
        (
            json!({"secret_key": "nope", "publishable_key": "pk_test_acme0000000001"}),
            "secret_key",
        ),
        (
            json!({"secret_key": SECRET, "publishable_key": "pk_live_acme0000000001"}),
            "publishable_key",
        ),
        (
            json!({"secret_key": "sk_test_invalid00000001", "publishable_key": "pk_test_acme0000000001"}),
            "secret_key",
        ),
    ] {
        let res = app
            .send(
                Method::PUT,
                &s.op.host(),
                "/api/v1/settings/payments",
                Some(&body),
                Some(&s.op.access_token),
            )
            .await;
        let (status, _, f) = error_of(res).await;
        assert_eq!((status, f.as_deref()), (400, Some(field)), "{body}");
    }
    let settings = connect(&app, &s).await;
    assert_eq!(
        (settings["configured"].as_bool(), settings["mode"].as_str()),
        (Some(true), Some("test"))
    );
    assert_eq!(settings["key_hint"], "0001");
    // The connection is in the audit log, never the key itself.
    let log = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/audit-events?action=settings.payments_connected",
        json!(null),
    )
    .await;
    let event = &log["items"][0];
    assert_eq!(
        event["changes"]["stripe_account_ending"]["to"], "0001",
        "{log}"
    );
    assert!(!log.to_string().contains(SECRET));
    let endpoint = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/webhook_endpoints")
        .unwrap();
    assert!(endpoint.param("url").unwrap().ends_with(&format!(
        "/api/v1/webhooks/stripe/{}/{}",
        s.op.tenant_id,
        settings["webhook_url"].as_str().unwrap().rsplit('/').next().unwrap()
    )));

    let token = customer_token(&app, &s, "al@example.test").await;
    let inv = invoice["id"].as_str().unwrap();
    let res = my(
        &app,
        &s,
        &token,
        Method::POST,
        &format!("/api/v1/my/invoices/{inv}/checkout"),
        json!({"save_card": true}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let checkout: Value = res.json().await.unwrap();
    let url = checkout["url"].as_str().unwrap();
    assert!(url.starts_with(&fake.base_url()), "{url}");
    let session_req = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/checkout/sessions")
        .unwrap();
    assert_eq!(session_req.param("mode"), Some("payment"));
    assert_eq!(
        session_req.param("line_items[0][price_data][unit_amount]"),
        Some("1200")
    );
    assert_eq!(
        session_req.param("line_items[0][price_data][currency]"),
        Some("eur")
    );
    assert_eq!(
        session_req.param("payment_intent_data[setup_future_usage]"),
        Some("off_session")
    );
    assert_eq!(
        session_req.idempotency_key.as_deref(),
        Some(format!("checkout:{}", checkout["payment_id"].as_str().unwrap()).as_str())
    );
    assert!(
        session_req
            .param("success_url")
            .unwrap()
            .contains("{CHECKOUT_SESSION_ID}")
    );

    // The customer pays; the webhooks are held back, the redirect comes first.
    fake.hold_webhooks(true);
    let session_id = url.rsplit('/').next().unwrap().to_owned();
    let back = fake
        .pay_checkout(&session_id, "4242424242424242")
        .await
        .unwrap();
    assert!(back.contains(&session_id), "{back}");
    let confirmed: Value = my(
        &app,
        &s,
        &token,
        Method::POST,
        &format!("/api/v1/my/checkout/{session_id}/confirm"),
        json!(null),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(confirmed["status"], "succeeded");
    // The redirect again, then the webhooks in reverse order: nothing more.
    my(
        &app,
        &s,
        &token,
        Method::POST,
        &format!("/api/v1/my/checkout/{session_id}/confirm"),
        json!(null),
    )
    .await;
    let statuses = fake.release_webhooks(true).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let events = fake.events();
    let status = fake.resend(&events[0].id).await.unwrap();
    assert_eq!(status, 200);

    let cid = al["id"].as_str().unwrap();
    let ledger = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{cid}/ledger"),
        json!(null),
    )
    .await;
    assert_eq!(ledger_kinds(&ledger, "payment"), 1, "{ledger}");
    let detail = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/invoices/{inv}"),
        json!(null),
    )
    .await;
    assert_eq!(detail["invoice"]["status"], "paid");
    assert_eq!(detail["invoice"]["amount_paid"], "12.00");
    let profile: Value = my(
        &app,
        &s,
        &token,
        Method::GET,
        "/api/v1/my/payment-profile",
        json!(null),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(profile["card"], "visa •••• 4242");
    // Paying a paid invoice is refused.
    let res = my(
        &app,
        &s,
        &token,
        Method::POST,
        &format!("/api/v1/my/invoices/{inv}/checkout"),
        json!({}),
    )
    .await;
    assert_eq!(res.status(), 409);

    // Forged, stale and tampered deliveries are refused with 400.
    let hook = format!(
        "/api/v1/webhooks/stripe/{}/{}",
        s.op.tenant_id,
        settings["webhook_url"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
    );
    let payload = events[0].payload.clone();
    let secret = fake.webhook_secret(endpoint_id(&fake).as_str()).unwrap();
    let now = Utc::now().timestamp();
    for header in [
        fake_stripe::signature_header(&payload, &["whsec_forged"], now),
        fake_stripe::signature_header(&payload, &[secret.as_str()], now - 301),
        String::new(),
    ] {
        let res = app
            .client
            .post(app.url(&hook))
            .header("Stripe-Signature", header.clone())
            .header("Content-Type", "application/json")
            .body(payload.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{header}");
    }
    let tampered = payload.replace("\"livemode\":false", "\"livemode\":true");
    let res = app
        .client
        .post(app.url(&hook))
        .header(
            "Stripe-Signature",
            fake_stripe::signature_header(&payload, &[secret.as_str()], now),
        )
        .body(tampered)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    // During a secret rotation (two v1 signatures) deliveries still pass.
    fake.rotate_webhook_secret(&endpoint_id(&fake)).unwrap();
    assert_eq!(fake.resend(&events[1].id).await.unwrap(), 200);
    crate::books::assert_books_balance(&app, &s.op).await;
}

fn endpoint_id(fake: &FakeStripe) -> String {
    fake.endpoint_ids().into_iter().next().unwrap()
}

#[tokio::test]
async fn a_customer_session_comes_back_from_its_refresh_token() {
    // The way back from a payment page is a full page load: the portal
    // restores the customer's session from the refresh cookie.
    let app = TestApp::spawn().await;
    let s = shop(&app).await;
    sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": "al@example.test", "password": "long password"})),
            None,
        )
        .await;
    let rt = crate::helpers::refresh_cookie(&res).unwrap();
    let login: Value = res.json().await.unwrap();
    assert!(login.get("refresh_token").is_none(), "{login}");
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/auth/refresh",
            Some(&json!({"refresh_token": rt})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["me"]["kind"], "customer", "{v}");
    let token = v["access_token"].as_str().unwrap();
    let res = my(
        &app,
        &s,
        token,
        Method::GET,
        "/api/v1/my/payment-profile",
        json!(null),
    )
    .await;
    assert_eq!(res.status(), 200);
    // Single use: the old token is refused now.
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/auth/refresh",
            Some(&json!({"refresh_token": rt})),
            None,
        )
        .await;
    assert_eq!(res.status(), 401);
}
