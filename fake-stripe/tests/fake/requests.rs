//! Authentication, idempotency keys and request validation common to all calls.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_and_idempotency_key_are_required() {
    let fake = FakeStripe::start(0).await.unwrap();
    let (status, body) = post(&fake, "/v1/customers", None, &[("email", "a@b.test")]).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("idempotency key is required"),
        "{body}"
    );

    let (status, body) = post_as(
        &fake,
        "sk_test_invalid_key",
        "/v1/customers",
        Some(&key()),
        &[],
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["type"], "invalid_request_error");
    let (status, _) = post_as(&fake, "pk_test_123", "/v1/customers", Some(&key()), &[]).await;
    assert_eq!(status, 401);
    let response = client()
        .get(format!("{}/v1/balance", fake.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);

    let (status, body) = get(&fake, "/v1/balance").await;
    assert_eq!(status, 200);
    assert_eq!(body["object"], "balance");
    assert_eq!(body["available"][0]["currency"], "usd");

    let (status, body) = get(&fake, "/v1/customers/cus_nope").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "resource_missing");
    let (status, body) = get(&fake, "/v1/prices/price_1").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["type"], "invalid_request_error");

    let (status, body) = post(
        &fake,
        "/v1/customers",
        Some(&key()),
        &[("emial", "typo@b.test")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "parameter_unknown");
    assert_eq!(body["error"]["param"], "emial");

    let recorded = fake.requests();
    assert_eq!(recorded.len(), 8);
    assert_eq!(recorded[0].method, "POST");
    assert_eq!(recorded[0].path, "/v1/customers");
    assert_eq!(recorded[0].param("email"), Some("a@b.test"));
    assert_eq!(recorded[0].idempotency_key, None);
    assert_eq!(recorded[0].api_key, KEY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotent_replay_and_conflict() {
    let fake = FakeStripe::start(0).await.unwrap();
    let k = key();
    let form = [("email", "a@b.test"), ("metadata[tenant_id]", "t1")];
    let (status1, first) = post(&fake, "/v1/customers", Some(&k), &form).await;
    let (status2, second) = post(&fake, "/v1/customers", Some(&k), &form).await;
    assert_eq!((status1, status2), (200, 200));
    assert_eq!(first, second);
    assert!(first["id"].as_str().unwrap().starts_with("cus_"));
    assert_eq!(first["metadata"]["tenant_id"], "t1");
    assert_eq!(
        first["invoice_settings"]["default_payment_method"],
        Value::Null
    );

    // A different key creates a different customer.
    let (_, third) = post(&fake, "/v1/customers", Some(&key()), &form).await;
    assert_ne!(third["id"], first["id"]);

    // Same key, different params: idempotency_error.
    let (status, body) = post(
        &fake,
        "/v1/customers",
        Some(&k),
        &[("email", "other@b.test")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["type"], "idempotency_error");

    // Keys are per account: another secret key may reuse it.
    let (status, other) = post_as(&fake, "sk_test_other", "/v1/customers", Some(&k), &[]).await;
    assert_eq!(status, 200);
    assert_ne!(other["id"], first["id"]);
    let response = client()
        .get(format!(
            "{}/v1/customers/{}",
            fake.base_url(),
            first["id"].as_str().unwrap()
        ))
        .bearer_auth("sk_test_other")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404, "accounts are separate");

    // Failed validation is not stored: the key can be used again after fixing the request.
    let k2 = key();
    let (status, _) = post(
        &fake,
        "/v1/customers",
        Some(&k2),
        &[("emial", "typo@b.test")],
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = post(
        &fake,
        "/v1/customers",
        Some(&k2),
        &[("email", "fixed@b.test")],
    )
    .await;
    assert_eq!(status, 200);
}
