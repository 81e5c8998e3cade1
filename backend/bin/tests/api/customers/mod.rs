//! End customers: the one-flow sign-up, provisioning, e-mail verification,
//! the customer's own account.

mod account;
mod registration;

use crate::catalog::{DECK, upload};
use crate::helpers::{Operator, TestApp, error_of, wait_for_mail};
use reqwest::Method;
use serde_json::{Value, json};

/// An operator with a deck and one plan per service kind; returns the plan ids.
async fn shop(app: &TestApp, op: &Operator) -> Value {
    let deck: Value = upload(app, op, "name=Retail&effective_from=2020-01-01", DECK)
        .await
        .json()
        .await
        .unwrap();
    let deck_id = deck["deck"]["id"].clone();
    let mut plans = json!({});
    for kind in ["calling_card", "pinless", "sip", "video"] {
        let body = json!({"name": format!("{kind} plan"), "service_kind": kind, "deck_id": deck_id, "monthly_fee": "1.50"});
        let res = app
            .send(
                Method::POST,
                &op.host(),
                "/api/v1/plans",
                Some(&body),
                Some(&op.access_token),
            )
            .await;
        assert_eq!(res.status(), 201);
        plans[kind] = res.json::<Value>().await.unwrap()["id"].clone();
    }
    plans
}

async fn signup(app: &TestApp, op: &Operator, body: &Value) -> reqwest::Response {
    app.send(
        Method::POST,
        &op.host(),
        "/api/v1/portal/signup",
        Some(body),
        None,
    )
    .await
}
