//! Registering, changing and removing endpoints.

use super::{call, register, spawn};
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn an_endpoint_shows_its_secret_once_and_is_the_sellers_own() {
    let app = spawn().await;
    let acme = app.operator("acme").await;
    let globex = app.operator("globex").await;
    let e = register(
        &app,
        &acme,
        "http://127.0.0.1:9/hooks",
        &["invoice.paid", "customer.created"],
    )
    .await;
    let secret = e["secret"].as_str().unwrap();
    assert!(
        secret.starts_with("whsec_") && secret.len() > 30,
        "{secret}"
    );
    // Stored in the documented order.
    assert_eq!(e["events"], json!(["customer.created", "invoice.paid"]));
    assert_eq!(e["enabled"], true);

    let (status, list) = call(&app, &acme, Method::GET, "/api/v1/webhook-endpoints", None).await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(
        list[0].get("secret").is_none(),
        "the secret is shown once: {list}"
    );

    // Another tenant sees none of it, and its id answers 404 everywhere.
    let id = e["id"].as_str().unwrap();
    let (_, theirs) = call(
        &app,
        &globex,
        Method::GET,
        "/api/v1/webhook-endpoints",
        None,
    )
    .await;
    assert_eq!(theirs, json!([]));
    for (method, path) in [
        (Method::PATCH, format!("/api/v1/webhook-endpoints/{id}")),
        (Method::DELETE, format!("/api/v1/webhook-endpoints/{id}")),
        (
            Method::GET,
            format!("/api/v1/webhook-endpoints/{id}/deliveries"),
        ),
        (
            Method::POST,
            format!("/api/v1/webhook-endpoints/{id}/deliveries/{id}/replay"),
        ),
    ] {
        let (status, _) = call(
            &app,
            &globex,
            method.clone(),
            &path,
            Some(json!({"enabled": false})),
        )
        .await;
        assert_eq!(status, 404, "{method} {path}");
    }

    // Pause, change the events, remove.
    let path = format!("/api/v1/webhook-endpoints/{id}");
    let (status, v) = call(
        &app,
        &acme,
        Method::PATCH,
        &path,
        Some(json!({"enabled": false, "events": ["invoice.issued"]})),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["enabled"], false);
    assert_eq!(v["events"], json!(["invoice.issued"]));
    let (status, _) = call(&app, &acme, Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (_, list) = call(&app, &acme, Method::GET, "/api/v1/webhook-endpoints", None).await;
    assert_eq!(list, json!([]));
    let (status, _) = call(&app, &acme, Method::DELETE, &path, None).await;
    assert_eq!(status, 404);

    // Each change is in the audit log.
    let (_, log) = call(
        &app,
        &acme,
        Method::GET,
        "/api/v1/audit-events?object_type=webhook_endpoint",
        None,
    )
    .await;
    let actions: Vec<_> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    for a in [
        "webhook_endpoint.created",
        "webhook_endpoint.changed",
        "webhook_endpoint.removed",
    ] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} missing from {actions:?}"
        );
    }
}

#[tokio::test]
async fn bad_endpoints_are_refused_naming_the_field() {
    // Production rules: public https only.
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    for (body, field) in [
        (
            json!({"url": "http://crm.example.com/h", "events": ["invoice.paid"]}),
            "url",
        ),
        (
            json!({"url": "https://127.0.0.1/h", "events": ["invoice.paid"]}),
            "url",
        ),
        (
            json!({"url": "https://169.254.169.254/latest", "events": ["invoice.paid"]}),
            "url",
        ),
        (
            json!({"url": "https://[::1]/h", "events": ["invoice.paid"]}),
            "url",
        ),
        (
            json!({"url": "https://localhost/h", "events": ["invoice.paid"]}),
            "url",
        ),
        (
            json!({"url": "not a url", "events": ["invoice.paid"]}),
            "url",
        ),
        (
            json!({"url": "https://crm.example.com/h", "events": []}),
            "events",
        ),
        (
            json!({"url": "https://crm.example.com/h", "events": ["invoice.created"]}),
            "events",
        ),
        (
            json!({"url": "https://crm.example.com/h", "events": ["invoice.paid"], "description": "x".repeat(201)}),
            "description",
        ),
    ] {
        let (status, v) = call(
            &app,
            &op,
            Method::POST,
            "/api/v1/webhook-endpoints",
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, 400, "{body}: {v}");
        assert_eq!(v["error"]["field"], field, "{body}: {v}");
    }
    let (status, v) = call(
        &app,
        &op,
        Method::POST,
        "/api/v1/webhook-endpoints",
        Some(json!({"url": "https://crm.example.com/h", "events": ["invoice.paid"]})),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    // A change is held to the same rules.
    let path = format!("/api/v1/webhook-endpoints/{}", v["id"].as_str().unwrap());
    let (status, _) = call(
        &app,
        &op,
        Method::PATCH,
        &path,
        Some(json!({"url": "https://10.0.0.8/h"})),
    )
    .await;
    assert_eq!(status, 400);
    // At most sixteen endpoints a seller (each event goes to each).
    for n in 1..16 {
        let body =
            json!({"url": format!("https://crm{n}.example.com/h"), "events": ["invoice.paid"]});
        let (status, _) = call(
            &app,
            &op,
            Method::POST,
            "/api/v1/webhook-endpoints",
            Some(body),
        )
        .await;
        assert_eq!(status, 201);
    }
    let body = json!({"url": "https://one-too-many.example.com/h", "events": ["invoice.paid"]});
    let (status, v) = call(
        &app,
        &op,
        Method::POST,
        "/api/v1/webhook-endpoints",
        Some(body),
    )
    .await;
    assert_eq!(status, 409, "{v}");
}
