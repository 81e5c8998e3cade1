//! Card payments against an in-process fake Stripe (`fake-stripe`), which
//! checks the parameters we send and signs its webhooks with Stripe's
//! scheme: paying an invoice through Checkout (redirect and webhook in any
//! order, duplicates, forgeries, stale and rotated signatures), saved cards,
//! automatic charges with retries and suspension, auto top-up, refunds,
//! manual payments without Stripe, and operators' own plan.

mod charges;
mod checkout;
mod foreign_sessions;
mod list;
mod platform;
mod refunds;

use crate::authorize::staff;
use crate::billing::{Shop, bill, shop, travel};
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
