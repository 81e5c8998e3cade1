//! `POST /api/v1/authorize`: every reason code, balances, credit, allowances.

use crate::catalog::{DECK, upload};
use crate::helpers::{Operator, TestApp, error_of, verify_email};
use reqwest::Method;
use serde_json::{Value, json};

pub struct World {
    pub op: Operator,
    pub key: String,
    pub pin: String,
    pub sip: String,
    pub customer_id: String,
}

pub async fn staff(app: &TestApp, op: &Operator, method: Method, path: &str, body: Value) -> Value {
    let res = app
        .send(
            method,
            &op.host(),
            path,
            Some(&body),
            Some(&op.access_token),
        )
        .await;
    assert!(res.status().is_success(), "{path}: {}", res.status());
    res.json().await.unwrap_or(Value::Null)
}

/// The id of `op`'s plan for SIP phones ([`world`] made one per kind).
pub async fn sip_plan(app: &TestApp, op: &Operator) -> Value {
    let plans = staff(app, op, Method::GET, "/api/v1/plans", json!(null)).await;
    plans["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["service_kind"] == "sip")
        .unwrap()["id"]
        .clone()
}

/// An operator with a deck, per-minute plans, a customer with a calling
/// card, a PINless number and a SIP phone (signed up on the portal, e-mail
/// confirmed), and a switch key.
pub async fn world(app: &TestApp, settings: Option<Value>) -> World {
    let w = unverified_world(app, settings).await;
    verify_email(app, &w.op.host(), "al@example.test").await;
    w
}

/// [`world`] before the customer followed the verification link.
pub async fn unverified_world(app: &TestApp, settings: Option<Value>) -> World {
    let op = app.operator("acme").await;
    if let Some(s) = settings {
        staff(app, &op, Method::PUT, "/api/v1/settings/accounts", s).await;
    }
    let deck: Value = upload(app, &op, "name=Retail&effective_from=2020-01-01", DECK)
        .await
        .json()
        .await
        .unwrap();
    let mut plans = json!({});
    for kind in ["calling_card", "pinless", "sip"] {
        let p = staff(
            app,
            &op,
            Method::POST,
            "/api/v1/plans",
            json!({"name": kind, "service_kind": kind, "deck_id": deck["deck"]["id"]}),
        )
        .await;
        plans[kind] = p["id"].clone();
    }
    let body = json!({"name": "Al", "email": "al@example.test", "password": "long password",
        "services": [{"kind": "calling_card", "plan_id": plans["calling_card"]},
                     {"kind": "pinless", "plan_id": plans["pinless"], "anis": ["+15550100001"]},
                     {"kind": "sip", "plan_id": plans["sip"]}]});
    let c: Value = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let services = c["customer"]["services"].as_array().unwrap().clone();
    let find = |k: &str| services.iter().find(|s| s["kind"] == k).unwrap().clone();
    let key = staff(
        app,
        &op,
        Method::POST,
        "/api/v1/switch-keys",
        json!({"name": "sw"}),
    )
    .await;
    World {
        key: key["key"].as_str().unwrap().to_owned(),
        pin: find("calling_card")["pin"].as_str().unwrap().to_owned(),
        sip: find("sip")["username"].as_str().unwrap().to_owned(),
        customer_id: c["customer"]["id"].as_str().unwrap().to_owned(),
        op,
    }
}

/// Asks the switch's authorization for `body`, expecting a 200.
pub async fn authorize(app: &TestApp, w: &World, body: Value) -> Value {
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/authorize",
            Some(&body),
            Some(&w.key),
        )
        .await;
    assert_eq!(res.status(), 200, "{body}");
    res.json().await.unwrap()
}

/// Puts money on the customer's prepaid account through a registered card.
pub async fn top_up(app: &TestApp, w: &World, amount: &str) {
    let batch = staff(
        app,
        &w.op,
        Method::POST,
        "/api/v1/card-batches",
        json!({"name": "b", "quantity": 1, "initial_balance": amount}),
    )
    .await;
    let csv = app
        .send(
            Method::GET,
            &w.op.host(),
            &format!(
                "/api/v1/card-batches/{}/cards.csv",
                batch["id"].as_str().unwrap()
            ),
            None,
            Some(&w.op.access_token),
        )
        .await
        .text()
        .await
        .unwrap();
    let pin = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .to_owned();
    // Registering needs a signed-in customer ([`world`] verified the e-mail).
    let login: Value = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": "al@example.test", "password": "long password"})),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/my/cards/register",
            Some(&json!({"pin": pin})),
            Some(login["access_token"].as_str().unwrap()),
        )
        .await;
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn prepaid_calls_last_as_long_as_the_balance_pays() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    // Asking only (`reserve: false`): nothing is held between the asks.
    let sip = json!({"service": "sip", "sip_username": w.sip, "destination": "+1 555 0100", "reserve": false});
    let v = authorize(&app, &w, sip.clone()).await;
    assert_eq!(v["authorized"], false);
    assert_eq!(v["reason"], "insufficient_balance");
    assert_eq!(v["rate_per_minute"], "0.05");
    assert_eq!(v["prefix"], "1");

    top_up(&app, &w, "1.00").await;
    let v = authorize(&app, &w, sip).await;
    assert_eq!(
        (v["authorized"].as_bool(), v["max_duration_secs"].as_u64()),
        (Some(true), Some(1200)),
        "1.00 at 0.05/min, 30/6"
    );
    assert!(v["reason"].is_null());
    // Connect fee and a higher rate: 0.05 + 0.2/min → (1.00 - 0.05) / 0.2 = 4.75 min = 285 s on 30/6.
    let v = authorize(
        &app,
        &w,
        json!({"service": "calling_card", "pin": w.pin, "destination": "00447911123456", "reserve": false}),
    )
    .await;
    assert_eq!(
        (v["max_duration_secs"].as_u64(), v["connect_fee"].as_str()),
        (Some(282), Some("0.05"))
    );
    let v = authorize(
        &app,
        &w,
        json!({"service": "pinless", "ani": "+1 555 010 0001", "destination": "4420", "reserve": false}),
    )
    .await;
    assert_eq!(
        v["max_duration_secs"], 600,
        "0.10/min on 60/60: ten whole minutes"
    );
}

#[tokio::test]
async fn postpaid_calls_use_the_credit_limit_up_to_the_cap() {
    let app = TestApp::spawn().await;
    let settings = json!({"pin_length": 10, "account_kind": "postpaid", "default_credit_limit": "50", "billing_day": 1});
    let w = world(&app, Some(settings)).await;
    let v = authorize(
        &app,
        &w,
        json!({"service": "sip", "sip_username": w.sip, "destination": "1555"}),
    )
    .await;
    assert_eq!(v["max_duration_secs"], 14400, "capped at four hours");
}

#[tokio::test]
async fn every_refusal_has_its_reason() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    let cases = [
        (
            json!({"service": "calling_card", "pin": "0000000000", "destination": "1555"}),
            "unknown_identifier",
        ),
        (
            json!({"service": "pinless", "ani": "+15559999999", "destination": "1555"}),
            "unknown_identifier",
        ),
        (
            json!({"service": "sip", "sip_username": "nobody", "destination": "1555"}),
            "unknown_identifier",
        ),
        (
            json!({"service": "pinless", "sip_username": w.sip, "destination": "1555"}),
            "service_mismatch",
        ),
        (
            json!({"service": "sip", "sip_username": w.sip, "destination": "call me"}),
            "invalid_destination",
        ),
        (
            json!({"service": "sip", "sip_username": w.sip, "destination": "+33 1 23 45 67 89"}),
            "no_rate",
        ),
    ];
    for (body, reason) in cases {
        let v = authorize(&app, &w, body.clone()).await;
        assert_eq!(
            (v["authorized"].as_bool(), v["reason"].as_str()),
            (Some(false), Some(reason)),
            "{body}"
        );
        assert_eq!(v["max_duration_secs"], 0);
    }
    // A cancelled service: the line's own status.
    let customer = staff(
        &app,
        &w.op,
        Method::GET,
        &format!("/api/v1/customers/{}", w.customer_id),
        json!(null),
    )
    .await;
    let services = customer["services"].as_array().unwrap();
    let sip = services.iter().find(|s| s["kind"] == "sip").unwrap();
    staff(
        &app,
        &w.op,
        Method::POST,
        &format!(
            "/api/v1/customers/{}/services/{}/cancel",
            w.customer_id,
            sip["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    let v = authorize(
        &app,
        &w,
        json!({"service": "sip", "sip_username": w.sip, "destination": "1555"}),
    )
    .await;
    assert_eq!(v["reason"], "account_suspended");
}

/// The reason of a SIP call of the world's customer (`None`: authorized).
async fn sip_reason(app: &TestApp, w: &World) -> Option<String> {
    let v = authorize(
        app,
        w,
        json!({"service": "sip", "sip_username": w.sip, "destination": "1555"}),
    )
    .await;
    assert_eq!(
        v["authorized"].as_bool(),
        Some(v["reason"].is_null()),
        "{v}"
    );
    v["reason"].as_str().map(str::to_owned)
}

/// Settings under which a new customer has credit at once.
fn postpaid() -> Value {
    json!({"pin_length": 10, "account_kind": "postpaid", "default_credit_limit": "50", "billing_day": 1})
}

#[tokio::test]
async fn an_unverified_signup_is_refused_until_its_email_is_confirmed() {
    let app = TestApp::spawn().await;
    // Postpaid: the throwaway sign-up has 50 of credit the moment it exists.
    let w = unverified_world(&app, Some(postpaid())).await;
    for body in [
        json!({"service": "sip", "sip_username": w.sip, "destination": "1555"}),
        json!({"service": "calling_card", "pin": w.pin, "destination": "1555"}),
        json!({"service": "pinless", "ani": "+15550100001", "destination": "1555"}),
    ] {
        let v = authorize(&app, &w, body.clone()).await;
        assert_eq!(
            (
                v["authorized"].as_bool(),
                v["reason"].as_str(),
                v["max_duration_secs"].as_u64()
            ),
            (Some(false), Some("email_unverified"), Some(0)),
            "{body}"
        );
    }
    // A suspension says so; lifting it leaves the e-mail to confirm.
    let suspend = format!("/api/v1/customers/{}/suspend", w.customer_id);
    let reactivate = format!("/api/v1/customers/{}/reactivate", w.customer_id);
    staff(&app, &w.op, Method::POST, &suspend, json!({})).await;
    assert_eq!(
        sip_reason(&app, &w).await.as_deref(),
        Some("customer_suspended")
    );
    staff(&app, &w.op, Method::POST, &reactivate, json!({})).await;
    assert_eq!(
        sip_reason(&app, &w).await.as_deref(),
        Some("email_unverified")
    );
    // Following the link: the very next authorization goes through (the
    // cached refusal is dropped by the verification's commit).
    verify_email(&app, &w.op.host(), "al@example.test").await;
    let v = authorize(
        &app,
        &w,
        json!({"service": "sip", "sip_username": w.sip, "destination": "1555"}),
    )
    .await;
    assert_eq!(
        (v["authorized"].as_bool(), v["max_duration_secs"].as_u64()),
        (Some(true), Some(14400))
    );
}

#[tokio::test]
async fn suspended_and_closed_customers_have_their_own_reasons() {
    let app = TestApp::spawn().await;
    let w = world(&app, Some(postpaid())).await;
    assert_eq!(sip_reason(&app, &w).await, None);
    let path = |action: &str| format!("/api/v1/customers/{}/{action}", w.customer_id);
    staff(&app, &w.op, Method::POST, &path("suspend"), json!({})).await;
    assert_eq!(
        sip_reason(&app, &w).await.as_deref(),
        Some("customer_suspended")
    );
    let v = authorize(
        &app,
        &w,
        json!({"service": "calling_card", "pin": w.pin, "destination": "1555"}),
    )
    .await;
    assert_eq!(v["reason"], "customer_suspended");
    staff(&app, &w.op, Method::POST, &path("reactivate"), json!({})).await;
    assert_eq!(sip_reason(&app, &w).await, None, "the suspension is lifted");
    staff(&app, &w.op, Method::POST, &path("close"), json!({})).await;
    assert_eq!(
        sip_reason(&app, &w).await.as_deref(),
        Some("customer_closed")
    );
    let v = authorize(
        &app,
        &w,
        json!({"service": "pinless", "ani": "+15550100001", "destination": "1555"}),
    )
    .await;
    assert_eq!(v["reason"], "customer_closed");
}

#[tokio::test]
async fn a_customer_created_by_staff_calls_without_verifying() {
    let app = TestApp::spawn().await;
    let w = world(&app, Some(postpaid())).await;
    let plan = sip_plan(&app, &w.op).await;
    let created = staff(
        &app,
        &w.op,
        Method::POST,
        "/api/v1/customers",
        json!({"name": "Cy", "email": "cy@example.test", "password": "long password",
               "services": [{"kind": "sip", "plan_id": plan}]}),
    )
    .await;
    let c = &created["customer"];
    assert_eq!(
        (c["status"].as_str(), c["email_verified"].as_bool()),
        (Some("active"), Some(true))
    );
    let user = c["services"][0]["username"].as_str().unwrap();
    let v = authorize(
        &app,
        &w,
        json!({"service": "sip", "sip_username": user, "destination": "1555"}),
    )
    .await;
    assert_eq!(
        (v["authorized"].as_bool(), v["max_duration_secs"].as_u64()),
        (Some(true), Some(14400))
    );
    // No link to follow: the customer signs in at once, and is welcomed.
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": "cy@example.test", "password": "long password"})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let mail =
        crate::helpers::wait_for_mail_with(&app, "cy@example.test", "opened an account").await;
    assert!(mail.contains("/account/login"), "{mail}");
    assert!(!mail.contains("token="), "{mail}");
}

#[tokio::test]
async fn bundled_allowances_authorize_without_balance() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    let (user, _) = crate::cdrs::bundled_customer(&app, &w, "bo@example.test", 10).await;
    let v = authorize(
        &app,
        &w,
        json!({"service": "sip", "sip_username": user, "destination": "1555"}),
    )
    .await;
    assert_eq!(
        (
            v["authorized"].as_bool(),
            v["max_duration_secs"].as_u64(),
            v["allowance_secs"].as_u64()
        ),
        (Some(true), Some(600), Some(600))
    );
    let v = authorize(
        &app,
        &w,
        json!({"service": "sip", "sip_username": user, "destination": "4420"}),
    )
    .await;
    assert_eq!(
        v["reason"], "insufficient_balance",
        "the allowance covers North America only"
    );
}

/// Sends `raw` as the JSON body of an authorization.
async fn authorize_raw(app: &TestApp, w: &World, raw: String) -> reqwest::Response {
    let body = ("application/json", raw);
    let path = "/api/v1/authorize";
    app.send_body(Method::POST, &w.op.host(), path, body, &w.key)
        .await
}

#[tokio::test]
async fn escaped_text_reads_as_its_characters_and_a_wrong_type_names_its_field() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "1.00").await;
    // Every string escaped (\uXXXX): read as the same characters as plain text.
    let escape = |s: &str| {
        s.chars()
            .map(|c| format!("\\u{:04x}", c as u32))
            .collect::<String>()
    };
    let raw = format!(
        r#"{{"service":"{}","sip_username":"{}","destination":"{}","reserve":false}}"#,
        escape("sip"),
        escape(&w.sip),
        escape("+1 555 0100")
    );
    let res = authorize_raw(&app, &w, raw).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        (v["authorized"].as_bool(), v["max_duration_secs"].as_u64()),
        (Some(true), Some(1200)),
        "{v}"
    );
    let raw = format!(
        r#"{{"service":"sip","sip_username":"{}","destination":15550100}}"#,
        w.sip
    );
    let (status, code, field) = error_of(authorize_raw(&app, &w, raw).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (400, "validation_failed", Some("destination"))
    );
}

#[tokio::test]
async fn malformed_requests_and_missing_keys_are_4xx() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    for (body, field) in [
        (
            json!({"service": "fax", "pin": "1", "destination": "1"}),
            "service",
        ),
        (json!({"service": "sip", "destination": "1"}), "pin"),
        (
            json!({"service": "sip", "pin": "1", "ani": "2", "destination": "1"}),
            "pin",
        ),
    ] {
        let res = app
            .send(
                Method::POST,
                &w.op.host(),
                "/api/v1/authorize",
                Some(&body),
                Some(&w.key),
            )
            .await;
        assert_eq!(error_of(res).await.2.as_deref(), Some(field), "{body}");
    }
    let body = json!({"service": "sip", "sip_username": w.sip, "destination": "1555"});
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/authorize",
            Some(&body),
            Some(&w.op.access_token),
        )
        .await;
    assert_eq!(
        error_of(res).await.0,
        401,
        "staff tokens are not switch keys"
    );
}
