//! Outbound webhooks: endpoints (secret once, URL rules, tenant and seller
//! scope), signed deliveries retried with back-off and in order per
//! object, given up after three days, replayed; the documented verifier
//! snippet accepts a real delivery and refuses a tampered one.

mod billing;
mod delivery;
mod endpoints;
mod receiver;

use crate::helpers::{Operator, TestApp};
use receiver::Receiver;
use reqwest::Method;
use serde_json::{Value, json};

/// Sends `body` as `op`'s staff and answers (status, JSON).
pub async fn call(
    app: &TestApp,
    op: &Operator,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let res = app
        .send(
            method,
            &op.host(),
            path,
            body.as_ref(),
            Some(&op.access_token),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Registers an endpoint for `events` at `url`; answers its view (with the secret).
pub async fn register(app: &TestApp, op: &Operator, url: &str, events: &[&str]) -> Value {
    let (status, v) = call(
        app,
        op,
        Method::POST,
        "/api/v1/webhook-endpoints",
        Some(json!({"url": url, "description": "CRM", "events": events})),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    v
}

/// Runs the sender until `want` requests reached the receiver (the
/// background pass may run it too), or fails after a few seconds.
pub async fn wait_for(app: &TestApp, rx: &Receiver, want: usize) {
    for _ in 0..100 {
        ringledger_core::webhooks::flush(&app.state).await.unwrap();
        if rx.got().len() >= want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "{} requests received, {want} expected: {:?}",
        rx.got().len(),
        rx.got()
    );
}

/// An app whose webhooks may post to local receivers.
pub async fn spawn() -> TestApp {
    TestApp::spawn_with(|s| s.webhooks_allow_private = true).await
}

/// `op` signed in again (after the clock moved past its token's life).
pub async fn sign_in_again(app: &TestApp, op: &Operator) -> Operator {
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/auth/login",
            Some(&json!({"email": op.email, "password": op.password})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    Operator {
        access_token: v["access_token"].as_str().unwrap().to_owned(),
        ..op.clone()
    }
}
