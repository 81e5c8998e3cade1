//! Bill runs and invoices, in the style of Lago's billing scenarios: a
//! month of customers with several services, a mid-month start, usage,
//! one-off charges and credits, taxes; numbering, idempotency, the PDF,
//! the e-mail with the PDF attached, credit notes, the customer's view.

mod bill_runs;
mod invoices;
mod itemized;
mod languages;
mod reconciliation;

use crate::authorize::staff;
use crate::catalog::{DECK, upload};
use crate::helpers::{Operator, TestApp};
use chrono::{TimeZone, Utc};
use reqwest::Method;
use serde_json::{Value, json};

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap()
}

pub struct Shop {
    pub op: Operator,
    pub plans: Value,
    pub key: String,
}

/// A postpaid operator billing on the 1st, VAT 20 % on net prices, plans
/// with monthly fees (card 5, PINless 3, SIP 10) on the test deck.
pub async fn shop(app: &TestApp) -> Shop {
    let op = app.operator("acme").await;
    staff(app, &op, Method::PUT, "/api/v1/settings/accounts",
        json!({"pin_length": 10, "account_kind": "postpaid", "default_credit_limit": "100", "billing_day": 1})).await;
    staff(app, &op, Method::PUT, "/api/v1/settings/billing",
        json!({"invoice_prefix": "ACME-", "address": "1 Main Street\nSpringfield", "tax_id": "GB123456789",
               "tax_mode": "exclusive", "payment_terms_days": 14,
               "tax_rates": [{"country": "", "name": "VAT", "rate": "20"}]})).await;
    let deck: Value = upload(app, &op, "name=Retail&effective_from=2020-01-01", DECK)
        .await
        .json()
        .await
        .unwrap();
    let mut plans = json!({});
    for (kind, fee) in [
        ("calling_card", "5.00"),
        ("pinless", "3.00"),
        ("sip", "10.00"),
    ] {
        let p = staff(app, &op, Method::POST, "/api/v1/plans",
            json!({"name": format!("{kind} plan"), "service_kind": kind, "deck_id": deck["deck"]["id"], "monthly_fee": fee})).await;
        plans[kind] = p["id"].clone();
    }
    let key = staff(
        app,
        &op,
        Method::POST,
        "/api/v1/switch-keys",
        json!({"name": "sw"}),
    )
    .await;
    Shop {
        op,
        plans,
        key: key["key"].as_str().unwrap().to_owned(),
    }
}

/// Moves the clock and signs the operator in again (access tokens expire
/// against the application clock).
pub async fn travel(app: &TestApp, op: &mut Operator, to: chrono::DateTime<Utc>) {
    app.clock().set(to);
    let body = json!({"email": op.email, "password": op.password});
    let v: Value = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/auth/login",
            Some(&body),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    op.access_token = v["access_token"].as_str().unwrap().to_owned();
}

pub async fn sign_up(app: &TestApp, s: &Shop, name: &str, services: Value) -> Value {
    let body = json!({"name": name, "email": format!("{}@example.test", name.to_lowercase()),
        "password": "long password", "services": services});
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    res.json::<Value>().await.unwrap()["customer"].clone()
}

pub async fn post_cdrs(app: &TestApp, s: &Shop, cdrs: Value) -> Value {
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/cdrs",
            Some(&cdrs),
            Some(&s.key),
        )
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Starts a bill run and waits for it to finish.
pub async fn bill(app: &TestApp, op: &Operator, body: Value) -> Value {
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/bill-runs",
            Some(&body),
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 202, "{body}");
    let run: Value = res.json().await.unwrap();
    for _ in 0..200 {
        let now = staff(
            app,
            op,
            Method::GET,
            &format!("/api/v1/bill-runs/{}", run["id"].as_str().unwrap()),
            json!(null),
        )
        .await;
        if now["status"] == "done" {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the bill run did not finish");
}
