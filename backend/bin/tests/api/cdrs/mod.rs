//! `POST /api/v1/cdrs`: rating, billing, idempotency, allowances, rejects.

mod customer_usage;
mod my_calls;
mod operators;
mod rating;

use crate::authorize::{World, staff, top_up, world};
use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

/// `POST /api/v1/cdrs` with the world's switch key: the whole response.
async fn send_cdrs(app: &TestApp, w: &World, body: &Value) -> reqwest::Response {
    app.send(
        Method::POST,
        &w.op.host(),
        "/api/v1/cdrs",
        Some(body),
        Some(&w.key),
    )
    .await
}

async fn post(app: &TestApp, w: &World, body: Value) -> Value {
    let res = send_cdrs(app, w, &body).await;
    assert_eq!(res.status(), 200, "{body}");
    res.json().await.unwrap()
}

async fn balance(app: &TestApp, w: &World, customer: &str) -> String {
    let c = staff(
        app,
        &w.op,
        Method::GET,
        &format!("/api/v1/customers/{customer}"),
        json!(null),
    )
    .await;
    c["account"]["balance"].as_str().unwrap().to_owned()
}

fn cdr(id: &str, user: &str, dest: &str, secs: i64, at: &str) -> Value {
    json!({"call_id": id, "service": "sip", "sip_username": user, "destination": dest, "start_time": at, "duration_secs": secs, "media": "audio"})
}
