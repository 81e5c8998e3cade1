//! Forgotten passwords (issue 21): staff, customers and platform admins get
//! a single-use link valid one hour; the answer never tells whether the
//! address exists; requests are rate-limited; a reset ends every session.

use crate::helpers::{TestApp, error_of, refresh_cookie, wait_for_mail_with};
use reqwest::Method;
use serde_json::{Value, json};

async fn post(app: &TestApp, host: &str, path: &str, body: Value) -> reqwest::Response {
    app.send(Method::POST, host, path, Some(&body), None).await
}

/// The token of the newest reset e-mail to `to` for `kind`.
async fn reset_token(app: &TestApp, to: &str, kind: &str) -> String {
    let needle = format!("reset-password?for={kind}&token=");
    let mail = wait_for_mail_with(app, to, &needle).await;
    mail.split(&needle)
        .last()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_staff_member_resets_a_forgotten_password_once_and_is_signed_out_everywhere() {
    let app = TestApp::spawn().await;
    let op = app.operator("reseta").await;
    let other = app.operator("resetb").await;
    let host = op.host();
    // A session to be ended by the reset.
    let res = post(
        &app,
        &host,
        "/api/v1/auth/login",
        json!({"email": op.email, "password": op.password}),
    )
    .await;
    let old_refresh = refresh_cookie(&res).unwrap();

    let asked = post(
        &app,
        &host,
        "/api/v1/auth/password-reset",
        json!({"email": op.email}),
    )
    .await;
    assert_eq!(asked.status(), 202);
    let known: Value = asked.json().await.unwrap();
    let res = post(
        &app,
        &host,
        "/api/v1/auth/password-reset",
        json!({"email": "nobody@reseta.test"}),
    )
    .await;
    assert_eq!(res.status(), 202, "the same answer for an unknown address");
    assert_eq!(res.json::<Value>().await.unwrap(), known);
    let res = post(
        &app,
        &host,
        "/api/v1/auth/password-reset",
        json!({"email": "not an e-mail"}),
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("email".into()))
    );

    let token = reset_token(&app, &op.email, "staff").await;
    let confirm = |host: String, password: &'static str| {
        let token = token.clone();
        let app = &app;
        async move {
            post(
                app,
                &host,
                "/api/v1/auth/password-reset/confirm",
                json!({"token": token, "password": password}),
            )
            .await
        }
    };
    assert_eq!(
        error_of(confirm(host.clone(), "short").await).await,
        (400, "validation_failed".into(), Some("password".into()))
    );
    assert_eq!(
        error_of(confirm(other.host(), "a brand new password").await)
            .await
            .0,
        401
    );
    assert_eq!(
        confirm(host.clone(), "a brand new password").await.status(),
        200
    );
    assert_eq!(
        error_of(confirm(host.clone(), "another new password").await)
            .await
            .0,
        401,
        "once"
    );

    // Every session ended; the old password no longer works, the new one does.
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("Host", format!("{host}:{}", app.port))
        .header("Cookie", format!("rl_refresh={old_refresh}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = post(
        &app,
        &host,
        "/api/v1/auth/login",
        json!({"email": op.email, "password": op.password}),
    )
    .await;
    assert_eq!(res.status(), 401);
    let res = post(
        &app,
        &host,
        "/api/v1/auth/login",
        json!({"email": op.email, "password": "a brand new password"}),
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn reset_links_expire_and_requests_are_limited() {
    let app = TestApp::spawn().await;
    let op = app.operator("resetc").await;
    let host = op.host();
    assert_eq!(
        post(
            &app,
            &host,
            "/api/v1/auth/password-reset",
            json!({"email": op.email})
        )
        .await
        .status(),
        202
    );
    let token = reset_token(&app, &op.email, "staff").await;
    app.clock().advance(chrono::Duration::minutes(61));
    let res = post(
        &app,
        &host,
        "/api/v1/auth/password-reset/confirm",
        json!({"token": token, "password": "a brand new password"}),
    )
    .await;
    assert_eq!(error_of(res).await.0, 401, "expired after an hour");
    // Five per address per hour (the first above counts), then 429.
    for _ in 0..4 {
        let res = post(
            &app,
            &host,
            "/api/v1/auth/password-reset",
            json!({"email": op.email}),
        )
        .await;
        assert_eq!(res.status(), 202);
    }
    let res = post(
        &app,
        &host,
        "/api/v1/auth/password-reset",
        json!({"email": op.email}),
    )
    .await;
    assert_eq!(error_of(res).await.1, "rate_limited");
}

#[tokio::test]
async fn a_customer_and_a_platform_admin_reset_their_passwords() {
    let app = TestApp::spawn().await;
    let op = app.operator("resetd").await;
    let host = op.host();
    let plans = crate::customers::shop(&app, &op).await;
    crate::customers::verified_login(&app, &op, &plans, "cy@resetd.test").await;
    let res = post(
        &app,
        &host,
        "/api/v1/my/password-reset",
        json!({"email": "cy@resetd.test"}),
    )
    .await;
    assert_eq!(res.status(), 202);
    let token = reset_token(&app, "cy@resetd.test", "customer").await;
    // A customer's link does not reset a staff login.
    let res = post(
        &app,
        &host,
        "/api/v1/auth/password-reset/confirm",
        json!({"token": token, "password": "customer new pass"}),
    )
    .await;
    assert_eq!(error_of(res).await.0, 401);
    let res = post(
        &app,
        &host,
        "/api/v1/my/password-reset/confirm",
        json!({"token": token, "password": "customer new pass"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = post(
        &app,
        &host,
        "/api/v1/my/login",
        json!({"email": "cy@resetd.test", "password": "customer new pass"}),
    )
    .await;
    assert_eq!(res.status(), 200);

    app.admin_without_two_factor().await;
    let res = post(
        &app,
        "localhost",
        "/api/v1/auth/password-reset",
        json!({"email": "root@platform.test"}),
    )
    .await;
    assert_eq!(res.status(), 202);
    let token = reset_token(&app, "root@platform.test", "admin").await;
    let res = post(
        &app,
        "localhost",
        "/api/v1/auth/password-reset/confirm",
        json!({"token": token, "password": "admin new password"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = post(
        &app,
        "localhost",
        "/api/v1/auth/login",
        json!({"email": "root@platform.test", "password": "admin new password"}),
    )
    .await;
    assert_eq!(res.status(), 200);
}
