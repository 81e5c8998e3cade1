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
    let v: Value = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": email, "password": "long password"})),
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
