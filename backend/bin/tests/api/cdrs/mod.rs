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

/// A new customer (`email`) on a SIP line with a bundle of `minutes` to
/// North America (prefix 1), e-mail confirmed: its SIP username and id.
pub async fn bundled_customer(
    app: &TestApp,
    w: &World,
    email: &str,
    minutes: u32,
) -> (String, String) {
    let decks: Value = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/rate-decks",
            None,
            Some(&w.op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let group = staff(
        app,
        &w.op,
        Method::POST,
        "/api/v1/destination-groups",
        json!({"name": "NA", "prefixes": ["1"]}),
    )
    .await;
    let bundle = staff(app, &w.op, Method::POST, "/api/v1/bundles", json!({
        "name": "Talk", "monthly_fee": "5", "service_kinds": ["sip"], "deck_id": decks["items"][0]["id"],
        "allowances": [{"group_id": group["id"], "minutes": minutes}]})).await;
    let body = json!({"name": "Bo", "email": email, "password": "long password", "bundle_id": bundle["id"]});
    let c: Value = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let user = c["customer"]["services"][0]["username"]
        .as_str()
        .unwrap()
        .to_owned();
    let customer = c["customer"]["id"].as_str().unwrap().to_owned();
    // Calls need a confirmed e-mail.
    crate::helpers::verify_email(app, &w.op.host(), email).await;
    (user, customer)
}
