//! Two tenants: neither can read or change the other's objects, route by route.

use crate::helpers::{TestApp, on_postgres};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn tenants_cannot_cross_over() {
    let app = TestApp::spawn().await;
    let acme = app.operator("acme").await;
    let globex = app.operator("globex").await;

    // A token is valid on its own site only: Acme's answers 401 on Globex's
    // portal, and /me on Acme's answers for Acme.
    let res = app
        .send(
            Method::GET,
            &globex.host(),
            "/api/v1/me",
            None,
            Some(&acme.access_token),
        )
        .await;
    assert_eq!(res.status(), 401);
    let me: Value = app
        .send(
            Method::GET,
            &acme.host(),
            "/api/v1/me",
            None,
            Some(&acme.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["tenant"]["slug"], "acme");

    // Acme's credentials do not open Globex's portal.
    let body = json!({"email": acme.email, "password": acme.password});
    let res = app
        .send(
            Method::POST,
            &globex.host(),
            "/api/v1/auth/login",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(res.status(), 401);

    // Acme's refresh token is unknown on Globex's portal (404-equivalent: invalid).
    let res = app
        .send(
            Method::POST,
            &globex.host(),
            "/api/v1/auth/refresh",
            Some(&json!({"refresh_token": acme.refresh_token})),
            None,
        )
        .await;
    assert_eq!(res.status(), 401);
    // ...and logging out there does not end Acme's session.
    app.send(
        Method::POST,
        &globex.host(),
        "/api/v1/auth/logout",
        Some(&json!({"refresh_token": acme.refresh_token})),
        None,
    )
    .await;
    let res = app
        .send(
            Method::POST,
            &acme.host(),
            "/api/v1/auth/refresh",
            Some(&json!({"refresh_token": acme.refresh_token})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);

    // Staff tokens cannot reach the platform console.
    let res = app
        .send(
            Method::GET,
            "localhost",
            "/api/v1/admin/tenants",
            None,
            Some(&globex.access_token),
        )
        .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn a_forgotten_filter_still_leaks_nothing_on_postgres() {
    let app = TestApp::spawn().await;
    let acme = app.operator("acme").await;
    app.operator("globex").await;
    let tx = app
        .state
        .repos()
        .tenant(acme.tenant_id.parse().unwrap())
        .await
        .unwrap();
    let emails = tx.unfiltered_user_emails_for_rls_test().await.unwrap();
    tx.commit().await.unwrap();
    if on_postgres() {
        // Row-level security hides Globex's user even without a WHERE clause.
        assert_eq!(emails, vec!["owner@acme.test".to_owned()]);
    } else {
        // SQLite has no RLS: the unfiltered query really does see both, which
        // is why every query goes through the scoped repo.
        assert_eq!(emails.len(), 2);
    }
}
