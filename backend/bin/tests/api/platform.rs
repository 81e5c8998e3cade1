//! Health, readiness, OpenAPI, the SPA fallback and the error envelope.

use crate::helpers::{TestApp, error_of};
use reqwest::Method;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn openapi_documents_every_route() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let doc: serde_json::Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/healthz",
        "/readyz",
        "/api/v1/portal",
        "/api/v1/tenants",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/admin/tenants",
        "/api/v1/admin/tenants/{id}/suspend",
        "/api/v1/admin/tenants/{id}/reactivate",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    let page = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("swagger"));
}

#[tokio::test]
async fn spa_routes_fall_back_to_index_and_assets_cache_long() {
    let app = TestApp::spawn().await;
    // The console bundle's page for every path but the portal's.
    for path in [
        "/console",
        "/console/catalog",
        "/login",
        "/forgot-password",
        "/accept-invite?token=x",
        "/account/invoices/a/b",
        "/no/such/page",
    ] {
        let res = app.send(Method::GET, "localhost", path, None, None).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(
            res.text().await.unwrap().contains("<title>SPA</title>"),
            "{path}"
        );
    }
    // The smaller bundles' pages for what visitors and customers open.
    for (path, title) in [
        ("/", "Portal"),
        ("/signup", "Portal"),
        ("/verify-email?token=x", "Portal"),
        ("/reset-password?token=x", "Portal"),
        ("/account/login", "Portal"),
        ("/account/forgot-password", "Portal"),
        ("/account", "Account"),
        (
            "/account/invoices/0190d6b2-0000-7000-8000-000000000001",
            "Account",
        ),
    ] {
        let res = app
            .send(Method::GET, "acme.localhost", path, None, None)
            .await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        let title = format!("<title>{title}</title>");
        assert!(res.text().await.unwrap().contains(&title), "{path}");
    }
    let res = app
        .send(Method::GET, "localhost", "/assets/app-0123.js", None, None)
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let res = app
        .send(Method::GET, "localhost", "/assets/missing.js", None, None)
        .await;
    assert_eq!(error_of(res).await.0, 404);
    // A split bundle's chunk, in its hashed folder, pre-compressed too.
    let res = app
        .client
        .get(app.url("/assets/console-0123/chunk_0.wasm"))
        .header("Host", format!("localhost:{}", app.port))
        .header("Accept-Encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert_eq!(res.headers()["content-encoding"], "br");
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(res.text().await.unwrap(), "BR");
    for path in [
        "/assets/.stamp",
        "/assets/a/b.js",
        "/assets/..%2Fsecret",
        "/assets/..%2F..%2Fsecret/x.js",
        "/assets/console-0123/..%2F..%2Fconfig",
        "/assets/console-0123/missing.wasm",
        "/assets/console-0123/chunk_0.wasm/x",
    ] {
        let res = app.send(Method::GET, "localhost", path, None, None).await;
        assert_eq!(error_of(res).await.0, 404, "{path}");
    }
}

#[tokio::test]
async fn assets_are_sent_pre_compressed_to_browsers_that_take_brotli() {
    let app = TestApp::spawn().await;
    let get = |accept: &'static str| {
        app.client
            .get(app.url("/assets/app-0123.js"))
            .header("Host", format!("localhost:{}", app.port))
            .header("Accept-Encoding", accept)
            .send()
    };
    let res = get("gzip, deflate, br").await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert!(
        res.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("Accept-Encoding")
    );
    assert_eq!(res.text().await.unwrap(), "BROTLI");
    // Brotli refused: the file itself; gzip only: gzip (there is no .gz copy
    // here, so the response is compressed on the way out).
    for accept in ["br;q=0", "identity"] {
        let res = get(accept).await.unwrap();
        assert!(res.headers().get("content-encoding").is_none(), "{accept}");
        assert_eq!(res.text().await.unwrap(), "console.log(1)", "{accept}");
    }
    let res = get("gzip").await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn unknown_api_routes_answer_the_json_envelope() {
    let app = TestApp::spawn().await;
    let res = app
        .send(Method::GET, "localhost", "/api/v1/nothing-here", None, None)
        .await;
    assert_eq!(error_of(res).await, (404, "not_found".into(), None));
    let res = app
        .send(Method::DELETE, "localhost", "/api/v1/tenants", None, None)
        .await;
    assert_eq!(error_of(res).await.0, 404);
}

#[tokio::test]
async fn portal_brand_follows_the_host() {
    let app = TestApp::spawn().await;
    app.operator("acme").await;
    let res = app
        .send(Method::GET, "localhost", "/api/v1/portal", None, None)
        .await;
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["kind"], "platform");
    let res = app
        .send(Method::GET, "acme.localhost", "/api/v1/portal", None, None)
        .await;
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["kind"], "seller");
    assert_eq!(v["name"], "acme Telecom");
    assert_eq!(v["slug"], "acme");
    let res = app
        .send(Method::GET, "ghost.localhost", "/api/v1/portal", None, None)
        .await;
    assert_eq!(error_of(res).await, (404, "portal_not_found".into(), None));
}

#[tokio::test]
async fn base_domain_is_a_setting() {
    let app = TestApp::spawn_with(|s| s.base_domain = "ringledger.test".into()).await;
    app.operator("acme").await;
    let res = app
        .send(
            Method::GET,
            "acme.ringledger.test",
            "/api/v1/portal",
            None,
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .send(Method::GET, "ringledger.test", "/api/v1/portal", None, None)
        .await;
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["kind"], "platform");
    assert_eq!(v["base_domain"], "ringledger.test");
}

#[tokio::test]
async fn a_custom_domain_routes_to_its_seller() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    // Custom domains are registered by a later feature; the routing exists now.
    let tx = app.state.repos().platform().await.unwrap();
    let seller = tx
        .operator_seller(op.tenant_id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    let tx = app.state.repos().platform().await.unwrap();
    tx.insert_host_for_test("billing.acme.example", seller.tenant_id, seller.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let res = app
        .send(
            Method::GET,
            "billing.acme.example",
            "/api/v1/portal",
            None,
            None,
        )
        .await;
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["name"], "acme Telecom");
}
