//! Card payments against an in-process fake Stripe (`fake-stripe`), which
//! checks the parameters we send and signs its webhooks with Stripe's
//! scheme: paying an invoice through Checkout (redirect and webhook in any
//! order, duplicates, forgeries, stale and rotated signatures), saved cards,
//! automatic charges with retries and suspension, auto top-up, refunds,
//! manual payments without Stripe, and operators' own plan.

use crate::authorize::staff;
use crate::billing::{Shop, bill, post_cdrs, shop, travel};
use crate::helpers::{TestApp, error_of};
use chrono::{TimeZone, Utc};
use fake_stripe::FakeStripe;
use reqwest::Method;
use serde_json::{Value, json};

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap()
}

async fn with_stripe() -> (TestApp, FakeStripe) {
    let fake = FakeStripe::start(0).await.unwrap();
    let base = fake.base_url();
    let app = TestApp::spawn_with(|s| {
        s.stripe_api_base = base.clone();
        s.charge_retry_days = vec![1, 2];
    })
    .await;
    (app, fake)
}

/// Signs a customer up on the portal and verifies their e-mail.
async fn sign_up(app: &TestApp, s: &Shop, name: &str, services: Value) -> Value {
    let customer = crate::billing::sign_up(app, s, name, services).await;
    let email = format!("{}@example.test", name.to_lowercase());
    crate::helpers::verify_email(app, &s.op.host(), &email).await;
    customer
}

const SECRET: &str = "sk_test_acme0000000001";

async fn connect(app: &TestApp, s: &Shop) -> Value {
    staff(
        app,
        &s.op,
        Method::PUT,
        "/api/v1/settings/payments",
        json!({"secret_key": SECRET, "publishable_key": "pk_test_acme0000000001", "grace_days": 3}),
    )
    .await
}

async fn customer_token(app: &TestApp, s: &Shop, email: &str) -> String {
    customer_token_with(app, s, email, "long password").await
}

async fn customer_token_with(app: &TestApp, s: &Shop, email: &str, password: &str) -> String {
    let v: Value = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": email, "password": password})),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    v["access_token"].as_str().unwrap().to_owned()
}

async fn my(
    app: &TestApp,
    s: &Shop,
    token: &str,
    method: Method,
    path: &str,
    body: Value,
) -> reqwest::Response {
    app.send(method, &s.op.host(), path, Some(&body), Some(token))
        .await
}

/// A postpaid customer with a SIP service, billed for November: one open
/// invoice of 12.00 EUR (10.00 + 20 % VAT).
async fn billed_customer(app: &TestApp) -> (Shop, Value, Value) {
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(app).await;
    let al = sign_up(
        app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    travel(app, &mut s.op, at(2026, 12, 1, 6)).await;
    bill(app, &s.op, json!({})).await;
    let page = staff(app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let invoice = page["items"][0].clone();
    assert_eq!(invoice["amount_due"], "12.00");
    (s, al, invoice)
}

fn ledger_kinds(ledger: &Value, kind: &str) -> usize {
    ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .count()
}

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

/// The Checkout Session id of a checkout answer (its page's last segment).
fn session_of(checkout: &Value) -> String {
    checkout["url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned()
}

fn endpoint_id(fake: &FakeStripe) -> String {
    fake.endpoint_ids().into_iter().next().unwrap()
}

/// A customer with a saved card (through Checkout in setup mode).
async fn save_card(app: &TestApp, fake: &FakeStripe, s: &Shop, token: &str, card: &str) {
    let res = my(app, s, token, Method::POST, "/api/v1/my/card", json!(null)).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    let session = session_of(&v);
    fake.pay_checkout(&session, card).await.unwrap();
    let profile: Value = my(
        app,
        s,
        token,
        Method::GET,
        "/api/v1/my/payment-profile",
        json!(null),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(profile["card"].as_str().is_some(), "{profile}");
}

#[tokio::test]
async fn issued_invoices_are_charged_retried_then_services_stop_until_paid() {
    let (app, fake) = with_stripe().await;
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&app).await;
    connect(&app, &s).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let bo = sign_up(
        &app,
        &s,
        "Bo",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let al_token = customer_token(&app, &s, "al@example.test").await;
    let bo_token = customer_token(&app, &s, "bo@example.test").await;
    save_card(&app, &fake, &s, &al_token, "4242424242424242").await;
    save_card(&app, &fake, &s, &bo_token, "5555555555554444").await;

    // Bo's first charge is declined.
    fake.decline_next_charge(SECRET);
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;
    ringledger::services::payments::auto::charge_due(&app.state)
        .await
        .unwrap();
    ringledger::services::payments::auto::charge_due(&app.state)
        .await
        .unwrap();
    let charges: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/payment_intents")
        .collect();
    assert_eq!(charges.len(), 2, "one attempt each, not more");
    assert!(
        charges
            .iter()
            .all(|c| c.param("off_session") == Some("true") && c.param("amount") == Some("1200"))
    );
    let invoices = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let status_of = |v: &Value, cid: &str| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["customer_id"] == cid)
            .unwrap()["status"]
            .clone()
    };
    // Whichever was charged first met the decline: call that one Bo.
    let first: Value = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{}/payments", al["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    let (al, bo, bo_email) = if first["items"][0]["status"] == "pending" {
        (bo, al, "al@example.test")
    } else {
        (al, bo, "bo@example.test")
    };
    let al_id = al["id"].as_str().unwrap();
    let bo_id = bo["id"].as_str().unwrap();
    let al_payments = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{al_id}/payments"),
        json!(null),
    )
    .await;
    assert_eq!(status_of(&invoices, al_id), "paid", "{al_payments}");
    assert_eq!(status_of(&invoices, bo_id), "open");
    let bo_payments = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}/payments"),
        json!(null),
    )
    .await;
    let attempt = &bo_payments["items"][0];
    assert_eq!(
        (attempt["status"].as_str(), attempt["attempts"].as_u64()),
        (Some("pending"), Some(1))
    );
    assert!(attempt["failure"].as_str().unwrap().contains("declined"));
    let mut mails = 0;
    for _ in 0..100 {
        // The payment's id: the SMTP server of the suite is shared by runs.
        let reference = format!("Payment reference: {}", attempt["id"].as_str().unwrap());
        mails = crate::helpers::count_mail(&app, bo_email, &reference).await;
        if mails > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(mails, 1, "the customer is told once per failed attempt");
    let ledger = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}/ledger"),
        json!(null),
    )
    .await;
    assert_eq!(ledger_kinds(&ledger, "payment_failed"), 1);

    // Declined again a day later, and at the last retry: given up.
    for day in [2, 4] {
        fake.decline_next_charge(SECRET);
        travel(&app, &mut s.op, at(2026, 12, day, 7)).await;
        ringledger::services::payments::auto::charge_due(&app.state)
            .await
            .unwrap();
    }
    let bo_payments = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}/payments"),
        json!(null),
    )
    .await;
    assert_eq!(bo_payments["items"][0]["status"], "failed");
    assert_eq!(bo_payments["items"][0]["attempts"], 3);

    // Due on the 15th, grace 3 days: on the 19th Bo's services stop.
    travel(&app, &mut s.op, at(2026, 12, 18, 7)).await;
    ringledger::services::payments::auto::pass(&app.state)
        .await
        .unwrap();
    let c = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}"),
        json!(null),
    )
    .await;
    assert_eq!(c["account"]["status"], "active", "still in grace");
    travel(&app, &mut s.op, at(2026, 12, 19, 7)).await;
    ringledger::services::payments::auto::pass(&app.state)
        .await
        .unwrap();
    let c = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}"),
        json!(null),
    )
    .await;
    assert_eq!(c["account"]["status"], "unpaid");
    let sip = bo["services"][0]["username"].clone();
    let auth = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/authorize",
            Some(&json!({"service": "sip", "sip_username": sip, "destination": "+15550100"})),
            Some(&s.key),
        )
        .await;
    let v: Value = auth.json().await.unwrap();
    assert_eq!(v["reason"], "account_suspended", "{v}");

    // Bo pays from the portal: services resume at once.
    let inv = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/invoices?status=overdue",
        json!(null),
    )
    .await;
    let inv_id = inv["items"][0]["id"].as_str().unwrap();
    let bo_token = customer_token(&app, &s, bo_email).await;
    let v: Value = my(
        &app,
        &s,
        &bo_token,
        Method::POST,
        &format!("/api/v1/my/invoices/{inv_id}/checkout"),
        json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    let session = session_of(&v);
    fake.pay_checkout(&session, "4242424242424242")
        .await
        .unwrap();
    let c = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}"),
        json!(null),
    )
    .await;
    assert_eq!(c["account"]["status"], "active");
    crate::books::assert_books_balance(&app, &s.op).await;
}

#[tokio::test]
async fn auto_top_up_charges_the_saved_card_once_when_the_balance_falls_below() {
    let (app, fake) = with_stripe().await;
    app.clock().set(at(2026, 11, 1, 9));
    let s = shop(&app).await;
    staff(&app, &s.op, Method::PUT, "/api/v1/settings/accounts",
        json!({"pin_length": 10, "account_kind": "prepaid", "default_credit_limit": "0", "billing_day": 1})).await;
    connect(&app, &s).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let al_id = al["id"].as_str().unwrap();
    staff(
        &app,
        &s.op,
        Method::POST,
        &format!("/api/v1/customers/{al_id}/adjustments"),
        json!({"amount": "5.15", "reason": "opening balance"}),
    )
    .await;
    let token = customer_token(&app, &s, "al@example.test").await;
    // Auto top-up needs a card first.
    let res = my(
        &app,
        &s,
        &token,
        Method::PUT,
        "/api/v1/my/auto-top-up",
        json!({"enabled": true, "below": "5", "amount": "20"}),
    )
    .await;
    assert_eq!(res.status(), 409);
    save_card(&app, &fake, &s, &token, "4242424242424242").await;
    let res = my(
        &app,
        &s,
        &token,
        Method::PUT,
        "/api/v1/my/auto-top-up",
        json!({"enabled": true, "below": "5", "amount": "0"}),
    )
    .await;
    let (status, _, field) = error_of(res).await;
    assert_eq!((status, field.as_deref()), (400, Some("amount")));
    let res = my(
        &app,
        &s,
        &token,
        Method::PUT,
        "/api/v1/my/auto-top-up",
        json!({"enabled": true, "below": "5", "amount": "20"}),
    )
    .await;
    assert_eq!(res.status(), 200);

    // Two quick batches take the balance under 5: one top-up of 20.
    let sip = al["services"][0]["username"].clone();
    let call = |id: &str| {
        json!({"call_id": id, "service": "sip", "sip_username": sip,
        "destination": "+1 555 0100", "start_time": "2026-11-02T10:00:00Z", "duration_secs": 120})
    };
    post_cdrs(&app, &s, json!([call("c1")])).await;
    post_cdrs(&app, &s, json!([call("c2")])).await;
    let mut balance = String::new();
    for _ in 0..100 {
        let c = staff(
            &app,
            &s.op,
            Method::GET,
            &format!("/api/v1/customers/{al_id}"),
            json!(null),
        )
        .await;
        balance = c["account"]["balance"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if balance.starts_with("24.95") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        balance.parse::<rust_decimal::Decimal>().unwrap(),
        rust_decimal::Decimal::new(2495, 2),
        "5.15 - 0.10 - 0.10 + 20"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let charges = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/payment_intents")
        .count();
    assert_eq!(charges, 1);
    let pays = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{al_id}/payments"),
        json!(null),
    )
    .await;
    let top: Vec<_> = pays["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["purpose"] == "auto_top_up")
        .collect();
    assert_eq!(top.len(), 1);
    assert_eq!(top[0]["status"], "succeeded");
    crate::books::assert_books_balance(&app, &s.op).await;
}

#[tokio::test]
async fn refunds_full_and_partial_reach_stripe_the_ledger_and_the_invoice() {
    let (app, fake) = with_stripe().await;
    let (s, al, invoice) = billed_customer(&app).await;
    connect(&app, &s).await;
    let token = customer_token(&app, &s, "al@example.test").await;
    let inv = invoice["id"].as_str().unwrap();
    let v: Value = my(
        &app,
        &s,
        &token,
        Method::POST,
        &format!("/api/v1/my/invoices/{inv}/checkout"),
        json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    let payment = v["payment_id"].as_str().unwrap().to_owned();
    let session = session_of(&v);
    fake.pay_checkout(&session, "4242424242424242")
        .await
        .unwrap();

    let path = format!("/api/v1/payments/{payment}/refunds");
    let part = staff(
        &app,
        &s.op,
        Method::POST,
        &path,
        json!({"amount": "2.50", "reason": "call quality"}),
    )
    .await;
    assert_eq!(part["refunded"], "2.50");
    let req = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/refunds")
        .unwrap();
    assert_eq!(req.param("amount"), Some("250"));
    assert!(
        req.idempotency_key
            .as_deref()
            .unwrap()
            .starts_with("refund:")
    );
    let detail = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/invoices/{inv}"),
        json!(null),
    )
    .await;
    assert_eq!(
        (
            detail["invoice"]["status"].as_str(),
            detail["invoice"]["amount_paid"].as_str()
        ),
        (Some("open"), Some("9.50"))
    );

    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            &path,
            Some(&json!({"amount": "10", "reason": "too much"})),
            Some(&s.op.access_token),
        )
        .await;
    let (status, _, field) = error_of(res).await;
    assert_eq!((status, field.as_deref()), (400, Some("amount")));
    let rest = staff(
        &app,
        &s.op,
        Method::POST,
        &path,
        json!({"reason": "cancelled"}),
    )
    .await;
    assert_eq!(rest["refunded"], "12.00");
    assert_eq!(rest["refunds"].as_array().unwrap().len(), 2);
    let cid = al["id"].as_str().unwrap();
    let ledger = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{cid}/ledger"),
        json!(null),
    )
    .await;
    assert_eq!(
        ledger_kinds(&ledger, "refund"),
        2,
        "charge.refunded webhooks add nothing: {ledger}"
    );

    // Another operator sees none of it.
    let other = app.operator("other").await;
    let res = app
        .send(
            Method::POST,
            &other.host(),
            &path,
            Some(&json!({"reason": "x"})),
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .send(
            Method::GET,
            &other.host(),
            &format!("/api/v1/customers/{cid}/payments"),
            None,
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .send(
            Method::POST,
            &other.host(),
            &format!("/api/v1/customers/{cid}/payments"),
            Some(&json!({"amount": "1", "reference": "x"})),
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    crate::books::assert_books_balance(&app, &s.op).await;
}

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
    ringledger::services::payments::platform::enforce(&app.state)
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
    ringledger::services::payments::platform::enforce(&app.state)
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
    let login: Value = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": "al@example.test", "password": "long password"})),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let rt = login["refresh_token"].as_str().unwrap().to_owned();
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

// ---------------------------------------------------------------- issue 17

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
