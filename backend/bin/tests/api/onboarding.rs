//! `GET /api/v1/onboarding`: the dashboard's checklist ticks each first
//! step once it exists, per tenant.

use crate::billing::bill;
use crate::catalog::{DECK, upload};
use crate::helpers::{Operator, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

async fn steps(app: &TestApp, op: &Operator) -> Value {
    let res = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/onboarding",
            None,
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn post(app: &TestApp, op: &Operator, path: &str, body: Value) -> Value {
    let res = app
        .send(
            Method::POST,
            &op.host(),
            path,
            Some(&body),
            Some(&op.access_token),
        )
        .await;
    assert!(res.status().is_success(), "{path}: {}", res.status());
    // A revocation answers 204, without a body.
    res.json().await.unwrap_or(Value::Null)
}

#[tokio::test]
async fn each_first_step_ticks_itself_for_its_own_tenant_only() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let other = app.operator("zeta").await;
    let none = json!({"rate_deck": false, "plan": false, "switch_key": false, "customer": false, "bill_run": false});
    assert_eq!(steps(&app, &op).await, none);

    let deck: Value = upload(&app, &op, "name=Retail&effective_from=2020-01-01", DECK)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(steps(&app, &op).await["rate_deck"], true);
    let plan = post(
        &app,
        &op,
        "/api/v1/plans",
        json!({"name": "SIP", "service_kind": "sip", "deck_id": deck["deck"]["id"]}),
    )
    .await;
    assert_eq!(steps(&app, &op).await["plan"], true);

    // A revoked key does not count: the switch is not connected.
    let key = post(&app, &op, "/api/v1/switch-keys", json!({"name": "sw"})).await;
    assert_eq!(steps(&app, &op).await["switch_key"], true);
    let revoke = format!("/api/v1/switch-keys/{}/revoke", key["id"].as_str().unwrap());
    post(&app, &op, &revoke, json!({})).await;
    assert_eq!(steps(&app, &op).await["switch_key"], false);

    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/portal/signup",
            Some(
                &json!({"name": "Al", "email": "al@example.test", "password": "long password",
                "services": [{"kind": "sip", "plan_id": plan["id"]}]}),
            ),
            None,
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(steps(&app, &op).await["customer"], true);
    bill(&app, &op, json!({})).await;
    assert_eq!(
        steps(&app, &op).await,
        json!({"rate_deck": true, "plan": true, "switch_key": false, "customer": true, "bill_run": true})
    );

    // Another tenant's steps are its own; a stranger gets nothing.
    assert_eq!(steps(&app, &other).await, none);
    let res = app
        .send(Method::GET, &op.host(), "/api/v1/onboarding", None, None)
        .await;
    assert_eq!(res.status(), 401);
}
