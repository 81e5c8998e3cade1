//! The platform admin: tenant list and suspension.

use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn admin_lists_tenants_and_suspends_one() {
    let app = TestApp::spawn().await;
    let acme = app.operator("acme").await;
    let globex = app.operator("globex").await;
    let admin = app.admin().await;

    let res = app
        .send(
            Method::GET,
            "localhost",
            "/api/v1/admin/tenants",
            None,
            Some(&admin.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = res.json().await.unwrap();
    assert_eq!(page["total"], 2);
    let slugs: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert!(slugs.contains(&"acme") && slugs.contains(&"globex"));

    let path = format!("/api/v1/admin/tenants/{}/suspend", acme.tenant_id);
    let res = app
        .send(
            Method::POST,
            "localhost",
            &path,
            None,
            Some(&admin.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "suspended");

    // Its staff can no longer log in, refresh, or use a live access token.
    let body = json!({"email": acme.email, "password": acme.password});
    let res = app
        .send(
            Method::POST,
            &acme.host(),
            "/api/v1/auth/login",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(error_of(res).await, (403, "tenant_suspended".into(), None));
    let res = app
        .send(
            Method::POST,
            &acme.host(),
            "/api/v1/auth/refresh",
            Some(&json!({"refresh_token": acme.refresh_token})),
            None,
        )
        .await;
    assert_eq!(error_of(res).await.1, "tenant_suspended");
    let res = app
        .send(
            Method::GET,
            &acme.host(),
            "/api/v1/me",
            None,
            Some(&acme.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.1, "tenant_suspended");
    // The portal says so.
    let res = app
        .send(Method::GET, &acme.host(), "/api/v1/portal", None, None)
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["suspended"], true);
    // Other tenants are untouched.
    let res = app
        .send(
            Method::GET,
            &globex.host(),
            "/api/v1/me",
            None,
            Some(&globex.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);

    let path = format!("/api/v1/admin/tenants/{}/reactivate", acme.tenant_id);
    let res = app
        .send(
            Method::POST,
            "localhost",
            &path,
            None,
            Some(&admin.access_token),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "active");
    let res = app
        .send(
            Method::POST,
            &acme.host(),
            "/api/v1/auth/login",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    // The operator's audit log names the admin, both ways.
    let token = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let events: Value = app
        .send(
            Method::GET,
            &acme.host(),
            "/api/v1/audit-events?action=tenant.status_changed",
            None,
            Some(&token),
        )
        .await
        .json()
        .await
        .unwrap();
    let items = events["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{events}");
    assert!(
        items
            .iter()
            .all(|e| e["actor_kind"] == "admin" && e["actor"] == "root@platform.test")
    );
    assert_eq!(items[0]["changes"]["status"]["to"], "active");
    assert_eq!(items[1]["changes"]["status"]["to"], "suspended");
}

#[tokio::test]
async fn admin_routes_need_an_admin() {
    let app = TestApp::spawn().await;
    let acme = app.operator("acme").await;
    let res = app
        .send(
            Method::GET,
            "localhost",
            "/api/v1/admin/tenants",
            None,
            None,
        )
        .await;
    assert_eq!(error_of(res).await.0, 401);
    let res = app
        .send(
            Method::GET,
            "localhost",
            "/api/v1/admin/tenants",
            None,
            Some(&acme.access_token),
        )
        .await;
    assert_eq!(error_of(res).await, (403, "forbidden".into(), None));
    let path = format!("/api/v1/admin/tenants/{}/suspend", acme.tenant_id);
    let res = app
        .send(
            Method::POST,
            "localhost",
            &path,
            None,
            Some(&acme.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.0, 403);
}

#[tokio::test]
async fn unknown_or_malformed_tenant_ids_are_404() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for id in ["00000000-0000-0000-0000-000000000000", "not-a-uuid"] {
        let path = format!("/api/v1/admin/tenants/{id}/suspend");
        let res = app
            .send(
                Method::POST,
                "localhost",
                &path,
                None,
                Some(&admin.access_token),
            )
            .await;
        assert_eq!(error_of(res).await.0, 404, "{id}");
    }
}

#[tokio::test]
async fn admin_sessions_refresh_and_wrong_passwords_fail() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let res = app
        .send(
            Method::POST,
            "localhost",
            "/api/v1/auth/refresh",
            Some(&json!({"refresh_token": admin.refresh_token})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let me: Value = app
        .send(
            Method::GET,
            "localhost",
            "/api/v1/me",
            None,
            Some(&admin.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["kind"], "platform_admin");
    let res = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "root@platform.test", "password": "wrong password"}),
        )
        .await;
    assert_eq!(error_of(res).await.1, "invalid_credentials");
}
