//! Fraud control (issue 24): limits on concurrent calls, calls per minute
//! and spend, per account and per service, with seller defaults and
//! customer overrides; high-risk prefixes and allowed countries; the spend
//! anomaly that suspends a service until staff release it.

mod anomaly;
mod destinations;
mod limits;

use crate::authorize::World;
use crate::helpers::TestApp;
use reqwest::Method;
use ringledger::clock::Clock;
use serde_json::{Value, json};

/// Postpaid accounts with a credit of 50 (no money held per call, so
/// the limits under test are the only ones).
fn postpaid() -> Value {
    json!({"pin_length": 10, "account_kind": "postpaid", "default_credit_limit": "50", "billing_day": 1})
}

/// A SIP call of the world's customer to a New York number.
fn ask(w: &World, call_id: &str) -> Value {
    json!({"service": "sip", "sip_username": w.sip, "destination": "+1 212 555 0100",
           "call_id": call_id})
}

/// The switch asks; answers `(max_duration_secs, reason)`.
async fn authorize(app: &TestApp, w: &World, body: &Value) -> (u64, Option<String>) {
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/authorize",
            Some(body),
            Some(&w.key),
        )
        .await;
    assert_eq!(res.status(), 200, "{body}");
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["authorized"], v["max_duration_secs"].as_u64() > Some(0));
    (
        v["max_duration_secs"].as_u64().unwrap(),
        v["reason"].as_str().map(str::to_owned),
    )
}

/// The reason `call_id` is refused (`None`: granted).
async fn reason(app: &TestApp, w: &World, call_id: &str) -> Option<String> {
    authorize(app, w, &ask(w, call_id)).await.1
}

/// The switch posts the CDR of a call to New York lasting `secs`.
async fn cdr(app: &TestApp, w: &World, call_id: &str, secs: u64) {
    let start = app.clock().now().to_rfc3339();
    let body = json!([{"call_id": call_id, "service": "sip", "sip_username": w.sip,
        "destination": "+1 212 555 0100", "start_time": start, "duration_secs": secs,
        "media": "audio"}]);
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/cdrs",
            Some(&body),
            Some(&w.key),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["accepted"], 1, "{v}");
}

/// Staff send `body` to `path`; answers the status and the JSON.
async fn send(app: &TestApp, w: &World, method: Method, path: &str, body: Value) -> (u16, Value) {
    let res = app
        .send(
            method,
            &w.op.host(),
            path,
            Some(&body),
            Some(&w.op.access_token),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}
