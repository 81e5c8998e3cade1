//! End customers: the one-flow sign-up, provisioning, e-mail verification,
//! the customer's own account.

mod account;
mod languages_and_order;
mod registration;

use crate::catalog::{DECK, upload};
use crate::helpers::{Operator, TestApp, error_of, wait_for_mail};
use reqwest::Method;
use serde_json::{Value, json};

/// An operator with a deck and one plan per service kind; returns the plan ids.
pub(crate) async fn shop(app: &TestApp, op: &Operator) -> Value {
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

/// Signs a customer up with one PINless number and a SIP phone, verifies
/// and logs them in; returns the session (access and refresh tokens).
pub(crate) async fn verified_login(
    app: &TestApp,
    op: &Operator,
    plans: &Value,
    email: &str,
) -> Value {
    let body = json!({"name": "Cy", "email": email, "password": "first password",
        "services": [{"kind": "pinless", "plan_id": plans["pinless"], "anis": ["+15550100300"]},
                     {"kind": "sip", "plan_id": plans["sip"]}]});
    assert_eq!(signup(app, op, &body).await.status(), 201);
    let mail = wait_for_mail(app, email).await;
    let token = mail
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/verify-email",
            Some(&json!({"token": token})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let login = json!({"email": email, "password": "first password"});
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/login",
            Some(&login),
            None,
        )
        .await;
    let refresh = crate::helpers::refresh_cookie(&res).unwrap();
    let mut session: Value = res.json().await.unwrap();
    // Never in the body; the tests keep it beside the access token.
    assert!(session.get("refresh_token").is_none(), "{session}");
    session["refresh_token"] = json!(refresh);
    session
}

/// [`verified_login`]'s access token.
async fn verified_customer(app: &TestApp, op: &Operator, plans: &Value, email: &str) -> String {
    verified_login(app, op, plans, email).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}
