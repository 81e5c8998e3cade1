//! API keys for a seller's own systems: shown once, scoped, on the seller's
//! host only, last use recorded, expiring and revocable, named in the audit
//! log.

use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use ringledger_core::clock::Clock;
use serde_json::{Value, json};

#[tokio::test]
async fn an_api_key_acts_with_its_scope_on_its_sellers_host_until_revoked() {
    let app = TestApp::spawn().await;
    let op = app.operator("keysa").await;
    let other = app.operator("keysb").await;
    let host = op.host();
    let res = app
        .send(
            Method::POST,
            &host,
            "/api/v1/api-keys",
            Some(&json!({"name": "Accounting", "scope": "billing"})),
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let key = created["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("rlak_") && key.ends_with(created["last4"].as_str().unwrap()));
    let res = app
        .send(
            Method::POST,
            &host,
            "/api/v1/api-keys",
            Some(&json!({"name": "x", "scope": "god"})),
            Some(&op.access_token),
        )
        .await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("scope".into()))
    );

    // Billing's powers: invoices yes, the catalog no, its own login no.
    let get = |path: &'static str, host: String| {
        let key = key.clone();
        let app = &app;
        async move { app.send(Method::GET, &host, path, None, Some(&key)).await }
    };
    assert_eq!(get("/api/v1/invoices", host.clone()).await.status(), 200);
    let res = app
        .send(
            Method::POST,
            &host,
            "/api/v1/plans",
            Some(&json!({})),
            Some(&key),
        )
        .await;
    assert_eq!(error_of(res).await.1, "permission_denied");
    assert_eq!(
        error_of(get("/api/v1/me/sessions", host.clone()).await)
            .await
            .1,
        "permission_denied"
    );
    assert_eq!(
        error_of(get("/api/v1/invoices", other.host()).await)
            .await
            .0,
        401,
        "another seller's host"
    );

    // Listed without the secret, with its last use.
    let list: Value = app
        .send(
            Method::GET,
            &host,
            "/api/v1/api-keys",
            None,
            Some(&op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let listed = &list.as_array().unwrap()[0];
    assert!(listed.get("key").is_none(), "{listed}");
    assert!(
        listed["last_used_at"].is_string() && listed["last_used_ip"].is_string(),
        "{listed}"
    );

    // What it changes is the key's in the audit log.
    let res = app
        .send(
            Method::POST,
            &host,
            "/api/v1/bill-runs",
            Some(&json!({})),
            Some(&key),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());

    // Revoked: refused at once.
    let path = format!(
        "/api/v1/api-keys/{}/revoke",
        created["id"].as_str().unwrap()
    );
    assert_eq!(
        app.send(Method::POST, &host, &path, None, Some(&op.access_token))
            .await
            .status(),
        204
    );
    assert_eq!(
        error_of(get("/api/v1/invoices", host.clone()).await)
            .await
            .0,
        401
    );
    let events: Value = app
        .send(
            Method::GET,
            &host,
            "/api/v1/audit-events?action=api_key.",
            None,
            Some(&op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["api_key.revoked", "api_key.created"]);
}

#[tokio::test]
async fn an_expired_api_key_is_refused() {
    let app = TestApp::spawn().await;
    let op = app.operator("keysc").await;
    let host = op.host();
    let today = app.clock().now().date_naive().to_string();
    let res = app
        .send(
            Method::POST,
            &host,
            "/api/v1/api-keys",
            Some(&json!({"name": "Short", "scope": "read_only", "expires_on": today})),
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 201);
    let key = res.json::<Value>().await.unwrap()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.send(Method::GET, &host, "/api/v1/customers", None, Some(&key))
            .await
            .status(),
        200
    );
    app.clock().advance(chrono::Duration::days(1));
    let res = app
        .send(Method::GET, &host, "/api/v1/customers", None, Some(&key))
        .await;
    assert_eq!(error_of(res).await.0, 401);
}
