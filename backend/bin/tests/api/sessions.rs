//! Access tokens and rotating refresh tokens.

use crate::helpers::{TestApp, error_of, refresh_cookie};
use reqwest::Method;
use serde_json::{Value, json};

async fn refresh(app: &TestApp, host: &str, token: &str) -> reqwest::Response {
    app.send(
        Method::POST,
        host,
        "/api/v1/auth/refresh",
        Some(&json!({"refresh_token": token})),
        None,
    )
    .await
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let res = refresh(&app, &op.host(), &op.refresh_token).await;
    assert_eq!(res.status(), 200);
    let second_token = refresh_cookie(&res).unwrap();
    let second: Value = res.json().await.unwrap();
    assert!(second.get("refresh_token").is_none(), "{second}");
    assert_ne!(second_token, op.refresh_token);

    // The first token was used: presenting it again is theft.
    let (status, code, _) = error_of(refresh(&app, &op.host(), &op.refresh_token).await).await;
    assert_eq!((status, code.as_str()), (401, "invalid_token"));
    // ...and the whole family, including the newest token, is revoked.
    assert_eq!(refresh(&app, &op.host(), &second_token).await.status(), 401);
}

#[tokio::test]
async fn refresh_reads_the_cookie_when_the_body_has_no_token() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("Host", format!("acme.localhost:{}", app.port))
        .header("Cookie", format!("rl_refresh={}", op.refresh_token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn logout_revokes_the_session() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/auth/logout",
            Some(&json!({"refresh_token": op.refresh_token})),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        refresh(&app, &op.host(), &op.refresh_token).await.status(),
        401
    );
    // Logging out again is harmless.
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/auth/logout",
            Some(&json!({})),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
}

#[tokio::test]
async fn garbage_and_expired_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    // No token at all: nobody is signed in, which is no error (a visitor's
    // first page load asks; the browser logs nothing).
    assert_eq!(refresh(&app, &op.host(), "").await.status(), 204);
    for token in ["garbage", "00000000-0000-0000-0000-000000000000.secret"] {
        assert_eq!(
            refresh(&app, &op.host(), token).await.status(),
            401,
            "{token:?}"
        );
    }
    let res = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/me",
            None,
            Some("not.a.jwt"),
        )
        .await;
    assert_eq!(error_of(res).await, (401, "invalid_token".into(), None));
    let res = app
        .send(Method::GET, &op.host(), "/api/v1/me", None, None)
        .await;
    assert_eq!(
        error_of(res).await,
        (401, "authentication_required".into(), None)
    );

    // An access token dies after its lifetime; a refresh token after its own.
    app.clock().advance(chrono::Duration::seconds(910));
    let res = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/me",
            None,
            Some(&op.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.1, "invalid_token");
    app.clock().advance(chrono::Duration::days(31));
    assert_eq!(
        refresh(&app, &op.host(), &op.refresh_token).await.status(),
        401
    );
}
