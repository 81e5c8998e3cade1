//! The operator's side of customers: the customer list, suspension, card
//! batches, switch keys and the switch's identifier lookup.

use crate::helpers::{Operator, TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

async fn staff(
    app: &TestApp,
    op: &Operator,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    app.send(
        method,
        &op.host(),
        path,
        body.as_ref(),
        Some(&op.access_token),
    )
    .await
}

/// A flat SIP plan and a customer with a SIP phone, a calling card and PINless.
async fn customer(app: &TestApp, op: &Operator, email: &str, ani: &str) -> Value {
    let plans: Value = staff(app, op, Method::GET, "/api/v1/plans", None)
        .await
        .json()
        .await
        .unwrap();
    let mut ids = json!({});
    for kind in ["sip", "calling_card", "pinless"] {
        let existing = plans["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["service_kind"] == kind)
            .map(|p| p["id"].clone());
        ids[kind] = match existing {
            Some(id) => id,
            None => {
                let body = json!({"name": format!("{kind} flat"), "service_kind": kind, "monthly_fee": "5"});
                staff(app, op, Method::POST, "/api/v1/plans", Some(body))
                    .await
                    .json::<Value>()
                    .await
                    .unwrap()["id"]
                    .clone()
            }
        };
    }
    let body = json!({"name": "Cust", "email": email, "password": "long password",
        "services": [{"kind": "sip", "plan_id": ids["sip"]}, {"kind": "calling_card", "plan_id": ids["calling_card"]},
                     {"kind": "pinless", "plan_id": ids["pinless"], "anis": [ani]}]});
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["customer"].clone()
}

#[tokio::test]
async fn operators_list_search_filter_and_suspend_customers() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let ann = customer(&app, &op, "ann@example.test", "+15550100001").await;
    customer(&app, &op, "bob@example.test", "+15550100002").await;

    let all: Value = staff(&app, &op, Method::GET, "/api/v1/customers", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 2);
    let found: Value = staff(&app, &op, Method::GET, "/api/v1/customers?q=ANN", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["email"], "ann@example.test");
    let video: Value = staff(
        &app,
        &op,
        Method::GET,
        "/api/v1/customers?service=video",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(video["total"], 0);
    let sip: Value = staff(
        &app,
        &op,
        Method::GET,
        "/api/v1/customers?service=sip&limit=1",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        (
            sip["total"].as_u64(),
            sip["items"].as_array().unwrap().len()
        ),
        (Some(2), 1)
    );
    let res = staff(
        &app,
        &op,
        Method::GET,
        "/api/v1/customers?service=fax",
        None,
    )
    .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("service"));

    let id = ann["id"].as_str().unwrap();
    let one: Value = staff(
        &app,
        &op,
        Method::GET,
        &format!("/api/v1/customers/{id}"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(one["services"].as_array().unwrap().len(), 3);
    assert!(
        one["services"][0]["password"].is_null(),
        "staff views hide secrets"
    );
    let s: Value = staff(
        &app,
        &op,
        Method::POST,
        &format!("/api/v1/customers/{id}/suspend"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(s["account"]["status"], "suspended");
    let r: Value = staff(
        &app,
        &op,
        Method::POST,
        &format!("/api/v1/customers/{id}/reactivate"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(r["account"]["status"], "active");
    assert_eq!(r["status"], "pending_verification", "still unverified");
    staff(
        &app,
        &op,
        Method::POST,
        &format!("/api/v1/customers/{id}/close"),
        None,
    )
    .await;
    let res = staff(
        &app,
        &op,
        Method::POST,
        &format!("/api/v1/customers/{id}/reactivate"),
        None,
    )
    .await;
    assert_eq!(error_of(res).await.0, 409);

    // Another operator sees none of it.
    let other = app.operator("globex").await;
    let res = staff(
        &app,
        &other,
        Method::GET,
        &format!("/api/v1/customers/{id}"),
        None,
    )
    .await;
    assert_eq!(error_of(res).await, (404, "not_found".into(), None));
    let res = staff(
        &app,
        &other,
        Method::POST,
        &format!("/api/v1/customers/{id}/suspend"),
        None,
    )
    .await;
    assert_eq!(error_of(res).await.0, 404);
    let list: Value = staff(&app, &other, Method::GET, "/api/v1/customers", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0);
}

#[tokio::test]
async fn a_batch_of_1000_cards_is_generated_and_exported() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let body = json!({"name": "Christmas", "quantity": 1000, "initial_balance": "10.00", "expires_on": "2099-12-31"});
    let res = staff(&app, &op, Method::POST, "/api/v1/card-batches", Some(body)).await;
    assert_eq!(res.status(), 201);
    let batch: Value = res.json().await.unwrap();
    assert_eq!(batch["quantity"], 1000);
    let csv = staff(
        &app,
        &op,
        Method::GET,
        &format!(
            "/api/v1/card-batches/{}/cards.csv",
            batch["id"].as_str().unwrap()
        ),
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("serial,pin,initial_balance,currency,expires_on,status")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 1000);
    let pins: std::collections::HashSet<&str> = rows.iter().map(|r| r[1]).collect();
    let serials: std::collections::HashSet<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(
        (pins.len(), serials.len()),
        (1000, 1000),
        "unique PINs and serials"
    );
    assert!(rows.iter().all(|r| r[1].len() == 10
        && r[2] == "10"
        && r[3] == "EUR"
        && r[4] == "2099-12-31"
        && r[5] == "stock"));

    for (body, field) in [
        (
            json!({"name": "X", "quantity": 0, "initial_balance": "1"}),
            "quantity",
        ),
        (
            json!({"name": "X", "quantity": 100001, "initial_balance": "1"}),
            "quantity",
        ),
        (
            json!({"name": "X", "quantity": 5, "initial_balance": "-1"}),
            "initial_balance",
        ),
        (
            json!({"name": "X", "quantity": 5, "initial_balance": "1", "expires_on": "2000-01-01"}),
            "expires_on",
        ),
        (
            json!({"name": "", "quantity": 5, "initial_balance": "1"}),
            "name",
        ),
    ] {
        let res = staff(
            &app,
            &op,
            Method::POST,
            "/api/v1/card-batches",
            Some(body.clone()),
        )
        .await;
        assert_eq!(error_of(res).await.2.as_deref(), Some(field), "{body}");
    }
    let other = app.operator("globex").await;
    let res = staff(
        &app,
        &other,
        Method::GET,
        &format!(
            "/api/v1/card-batches/{}/cards.csv",
            batch["id"].as_str().unwrap()
        ),
        None,
    )
    .await;
    assert_eq!(error_of(res).await.0, 404);
}

#[tokio::test]
async fn switches_look_identifiers_up_with_their_key() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let c = customer(&app, &op, "ann@example.test", "+15550100001").await;
    let sip = c["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "sip")
        .unwrap()
        .clone();
    let card = c["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "calling_card")
        .unwrap()
        .clone();

    let res = staff(
        &app,
        &op,
        Method::POST,
        "/api/v1/switch-keys",
        Some(json!({"name": "FreeSWITCH"})),
    )
    .await;
    assert_eq!(res.status(), 201);
    let key: Value = res.json().await.unwrap();
    let secret = key["key"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("rlk_"));
    assert_eq!(key["last4"].as_str().unwrap(), &secret[secret.len() - 4..]);
    let listed: Value = staff(&app, &op, Method::GET, "/api/v1/switch-keys", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(listed["items"][0]["key"].is_null(), "shown once");

    let look = |q: String| {
        let secret = secret.clone();
        let app = &app;
        async move {
            app.send(
                Method::GET,
                "localhost",
                &format!("/api/v1/switch/lookup?{q}"),
                None,
                Some(&secret),
            )
            .await
        }
    };
    let v: Value = look(format!("sip_user={}", sip["username"].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["kind"], "sip");
    assert_eq!(v["sip_password"], sip["password"]);
    assert_eq!(v["service_id"], sip["id"]);
    // A PIN is looked up by POST, never in a URL (issue 20).
    let by_body = |body: Value| {
        let secret = secret.clone();
        let app = &app;
        async move {
            app.send(
                Method::POST,
                "localhost",
                "/api/v1/switch/lookup",
                Some(&body),
                Some(&secret),
            )
            .await
        }
    };
    let v: Value = by_body(json!({"pin": card["pin"]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (v["kind"].as_str(), v["account_status"].as_str()),
        (Some("calling_card"), Some("active"))
    );
    let v: Value = by_body(json!({"sip_user": sip["username"]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["kind"], "sip");
    assert_eq!(
        error_of(look(format!("pin={}", card["pin"].as_str().unwrap())).await).await,
        (400, "validation_failed".into(), Some("pin".into()))
    );
    assert_eq!(
        error_of(by_body(json!({"pin": "0000000000"})).await)
            .await
            .0,
        404
    );
    assert_eq!(
        error_of(by_body(json!({"pin": "1", "ani": "2"})).await)
            .await
            .0,
        400
    );
    let v: Value = look("ani=%2B1%20555%20010%200001".into())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["kind"], "pinless");
    assert_eq!(
        error_of(look("ani=abc".into()).await).await.2.as_deref(),
        Some("ani")
    );

    // Staff tokens are not switch keys, and another tenant's key finds nothing.
    let res = app
        .send(
            Method::GET,
            "localhost",
            "/api/v1/switch/lookup?pin=1",
            None,
            Some(&op.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.0, 401);
    let other = app.operator("globex").await;
    let other_key: Value = staff(
        &app,
        &other,
        Method::POST,
        "/api/v1/switch-keys",
        Some(json!({"name": "k"})),
    )
    .await
    .json()
    .await
    .unwrap();
    let q = format!(
        "/api/v1/switch/lookup?sip_user={}",
        sip["username"].as_str().unwrap()
    );
    let res = app
        .send(
            Method::GET,
            "localhost",
            &q,
            None,
            Some(other_key["key"].as_str().unwrap()),
        )
        .await;
    assert_eq!(error_of(res).await.0, 404);

    // Revoked keys stop working at once.
    let id = key["id"].as_str().unwrap();
    assert_eq!(
        staff(
            &app,
            &op,
            Method::POST,
            &format!("/api/v1/switch-keys/{id}/revoke"),
            None
        )
        .await
        .status(),
        204
    );
    let res = look(format!("pin={}", card["pin"].as_str().unwrap())).await;
    assert_eq!(error_of(res).await, (401, "invalid_token".into(), None));
}

#[tokio::test]
async fn account_settings_shape_new_accounts() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let current: Value = staff(&app, &op, Method::GET, "/api/v1/settings/accounts", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        current,
        json!({"pin_length": 10, "account_kind": "prepaid", "default_credit_limit": "0", "billing_day": 1})
    );
    for (body, field) in [
        (
            json!({"pin_length": 5, "account_kind": "prepaid", "default_credit_limit": "0", "billing_day": 1}),
            "pin_length",
        ),
        (
            json!({"pin_length": 8, "account_kind": "credit", "default_credit_limit": "0", "billing_day": 1}),
            "account_kind",
        ),
        (
            json!({"pin_length": 8, "account_kind": "postpaid", "default_credit_limit": "x", "billing_day": 1}),
            "default_credit_limit",
        ),
        (
            json!({"pin_length": 8, "account_kind": "postpaid", "default_credit_limit": "50", "billing_day": 32}),
            "billing_day",
        ),
    ] {
        let res = staff(
            &app,
            &op,
            Method::PUT,
            "/api/v1/settings/accounts",
            Some(body.clone()),
        )
        .await;
        assert_eq!(error_of(res).await.2.as_deref(), Some(field), "{body}");
    }
    let new = json!({"pin_length": 12, "account_kind": "postpaid", "default_credit_limit": "50.00", "billing_day": 15});
    assert_eq!(
        staff(
            &app,
            &op,
            Method::PUT,
            "/api/v1/settings/accounts",
            Some(new)
        )
        .await
        .status(),
        200
    );
    let c = customer(&app, &op, "pat@example.test", "+15550100900").await;
    assert_eq!(c["account"]["kind"], "postpaid");
    assert_eq!(c["account"]["credit_limit"], "50");
    assert_eq!(c["account"]["billing_day"], 15);
    let card = c["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "calling_card")
        .unwrap()
        .clone();
    assert_eq!(card["pin"].as_str().unwrap().len(), 12);
}
