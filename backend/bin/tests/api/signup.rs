//! Operator sign-up: the happy path and bad input for every field.

use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn an_operator_signs_up_and_gets_a_session() {
    let app = TestApp::spawn().await;
    let res = app
        .post("/api/v1/tenants", &TestApp::signup_body("acme"))
        .await;
    assert_eq!(res.status(), 201);
    // The platform's site sets no cookie: the hand-off token takes the
    // session to the new portal (see security.rs).
    assert!(res.headers().get("set-cookie").is_none());
    let v: Value = res.json().await.unwrap();
    assert!(
        v["handoff_token"].as_str().is_some_and(|t| !t.is_empty()),
        "{v}"
    );
    assert_eq!(v["tenant"]["slug"], "acme");
    assert_eq!(v["tenant"]["company_name"], "acme Telecom");
    assert_eq!(v["tenant"]["currency"], "EUR");
    assert_eq!(v["tenant"]["country"], "GB");
    assert_eq!(v["tenant"]["status"], "active");
    assert_eq!(
        v["tenant"]["portal_url"],
        format!("http://acme.localhost:{}", app.port)
    );
    assert_eq!(v["session"]["token_type"], "Bearer");
    assert_eq!(v["session"]["me"]["email"], "owner@acme.test");
    assert_eq!(v["session"]["me"]["kind"], "operator");

    let token = v["session"]["access_token"].as_str().unwrap();
    let me = app
        .send(
            Method::GET,
            "acme.localhost",
            "/api/v1/me",
            None,
            Some(token),
        )
        .await;
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["tenant"]["slug"], "acme");
}

#[tokio::test]
async fn currency_defaults_to_usd_and_country_is_optional() {
    let app = TestApp::spawn().await;
    let res = app
        .post(
            "/api/v1/tenants",
            &json!({"company_name": "Min", "slug": "minimal", "email": "a@min.test", "password": "12345678"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["tenant"]["currency"], "USD");
    assert!(v["tenant"]["country"].is_null());
}

#[tokio::test]
async fn every_field_is_checked() {
    let app = TestApp::spawn().await;
    let cases: Vec<(&str, Value)> = vec![
        ("company_name", json!("")),
        ("company_name", json!("   ")),
        ("company_name", json!("x".repeat(101))),
        ("company_name", json!(42)),
        ("slug", json!("")),
        ("slug", json!("ab")),
        ("slug", json!("Acme")),
        ("slug", json!("1acme")),
        ("slug", json!("acme-")),
        ("slug", json!("ac--me")),
        ("slug", json!("ac_me")),
        ("slug", json!("acme.evil")),
        ("slug", json!("www")),
        ("slug", json!("admin")),
        ("slug", json!("a".repeat(33))),
        ("slug", json!(null)),
        ("email", json!("")),
        ("email", json!("not-an-email")),
        ("email", json!("a@b")),
        ("email", json!("a b@c.test")),
        ("email", json!(["a@b.test"])),
        ("password", json!("")),
        ("password", json!("short")),
        ("password", json!("        ")),
        ("password", json!("x".repeat(129))),
        ("password", json!(12345678)),
        ("currency", json!("dollars")),
        ("currency", json!("US")),
        ("currency", json!("U5D")),
        ("country", json!("United Kingdom")),
        ("country", json!("G")),
        ("country", json!("1A")),
    ];
    for (field, value) in cases {
        let mut body = TestApp::signup_body("valid-slug");
        body[field] = value.clone();
        let res = app.post("/api/v1/tenants", &body).await;
        let (status, code, named) = error_of(res).await;
        assert_eq!(status, 400, "{field} = {value}");
        assert_eq!(code, "validation_failed", "{field} = {value}");
        assert_eq!(named.as_deref(), Some(field), "{field} = {value}");
    }
    // Nothing was half-written: the slug is still free.
    let res = app
        .post("/api/v1/tenants", &TestApp::signup_body("valid-slug"))
        .await;
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn malformed_bodies_are_400() {
    let app = TestApp::spawn().await;
    let send_raw = |body: &'static str, ct: &'static str| {
        app.client
            .post(app.url("/api/v1/tenants"))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    for (body, ct) in [
        ("{", "application/json"),
        ("", "application/json"),
        ("[1]", "application/json"),
        ("null", "application/json"),
        (r#"{"slug":"acme"}"#, "text/plain"),
    ] {
        let res = send_raw(body, ct).await.unwrap();
        let (status, code, _) = error_of(res).await;
        assert_eq!(
            (status, code.as_str()),
            (400, "invalid_json"),
            "{body:?} as {ct}"
        );
    }
}

#[tokio::test]
async fn slugs_are_unique_and_emails_unique_per_tenant_only() {
    let app = TestApp::spawn().await;
    app.operator("acme").await;
    let mut again = TestApp::signup_body("acme");
    again["email"] = json!("someone@else.test");
    let (status, code, field) = error_of(app.post("/api/v1/tenants", &again).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (409, "slug_taken", Some("slug"))
    );

    // The same staff e-mail may sign up another company.
    let mut other = TestApp::signup_body("globex");
    other["email"] = json!("owner@acme.test");
    assert_eq!(app.post("/api/v1/tenants", &other).await.status(), 201);
}

#[tokio::test]
async fn concurrent_signups_of_one_slug_create_one_tenant() {
    let app = TestApp::spawn().await;
    let body = TestApp::signup_body("racer");
    let (a, b) = tokio::join!(
        app.post("/api/v1/tenants", &body),
        app.post("/api/v1/tenants", &body)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409]);
}
