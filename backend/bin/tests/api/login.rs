//! Staff login on the tenant's host: credentials, bad input, rate limits.

use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

async fn login(app: &TestApp, host: &str, body: Value) -> reqwest::Response {
    app.send(Method::POST, host, "/api/v1/auth/login", Some(&body), None)
        .await
}

#[tokio::test]
async fn staff_log_in_on_their_portal_host() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let res = login(
        &app,
        &op.host(),
        json!({"email": "OWNER@acme.test ", "password": op.password}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("rl_refresh=")
    );
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["me"]["email"], "owner@acme.test");
    assert_eq!(v["me"]["tenant"]["id"], op.tenant_id.as_str());
    assert!(v["expires_in"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_look_the_same() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let wrong = login(
        &app,
        &op.host(),
        json!({"email": op.email, "password": "wrong password"}),
    )
    .await;
    let unknown = login(
        &app,
        &op.host(),
        json!({"email": "nobody@acme.test", "password": "wrong password"}),
    )
    .await;
    let a = error_of(wrong).await;
    let b = error_of(unknown).await;
    assert_eq!(a, (401, "invalid_credentials".into(), None));
    assert_eq!(a, b);
}

#[tokio::test]
async fn staff_cannot_log_in_on_the_bare_host_or_an_unknown_portal() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let body = json!({"email": op.email, "password": op.password});
    let (status, code, _) = error_of(login(&app, "localhost", body.clone()).await).await;
    assert_eq!((status, code.as_str()), (401, "invalid_credentials"));
    let (status, code, _) = error_of(login(&app, "nobody.localhost", body).await).await;
    assert_eq!((status, code.as_str()), (404, "portal_not_found"));
}

#[tokio::test]
async fn every_login_field_is_checked() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let cases = [
        ("email", json!({"password": "whatever1"})),
        ("email", json!({"email": "", "password": "whatever1"})),
        ("email", json!({"email": "nope", "password": "whatever1"})),
        ("email", json!({"email": 7, "password": "whatever1"})),
        ("password", json!({"email": "a@b.test"})),
        ("password", json!({"email": "a@b.test", "password": ""})),
        (
            "password",
            json!({"email": "a@b.test", "password": "x".repeat(129)}),
        ),
        ("password", json!({"email": "a@b.test", "password": false})),
    ];
    for (field, body) in cases {
        let (status, code, named) = error_of(login(&app, &op.host(), body.clone()).await).await;
        assert_eq!(
            (status, code.as_str()),
            (400, "validation_failed"),
            "{body}"
        );
        assert_eq!(named.as_deref(), Some(field), "{body}");
    }
}

#[tokio::test]
async fn attempts_are_limited_per_account() {
    let app = TestApp::spawn_with(|s| s.login_attempts_per_account = 3).await;
    let op = app.operator("acme").await;
    for _ in 0..3 {
        let res = login(
            &app,
            &op.host(),
            json!({"email": op.email, "password": "bad password"}),
        )
        .await;
        assert_eq!(res.status(), 401);
    }
    let (status, code, _) = error_of(
        login(
            &app,
            &op.host(),
            json!({"email": op.email, "password": op.password}),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (429, "rate_limited"));
    // Another account is not affected.
    let res = login(
        &app,
        &op.host(),
        json!({"email": "other@acme.test", "password": "bad password"}),
    )
    .await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn attempts_are_limited_per_ip() {
    let app = TestApp::spawn_with(|s| s.login_attempts_per_ip = 4).await;
    let op = app.operator("acme").await;
    for i in 0..4 {
        let res = login(
            &app,
            &op.host(),
            json!({"email": format!("u{i}@acme.test"), "password": "bad password"}),
        )
        .await;
        assert_eq!(res.status(), 401);
    }
    let res = login(
        &app,
        &op.host(),
        json!({"email": "u9@acme.test", "password": "bad password"}),
    )
    .await;
    assert_eq!(error_of(res).await.1, "rate_limited");
}
