//! The customer's own account: numbers, services, passwords, registering a card.

use super::*;

#[tokio::test]
async fn customers_manage_numbers_services_and_passwords() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let plans = shop(&app, &op).await;
    let token = verified_customer(&app, &op, &plans, "cy@example.test").await;
    let me = |method: Method, path: &str, body: Option<Value>| {
        let token = token.clone();
        let host = op.host();
        let app = &app;
        let path = path.to_owned();
        async move {
            app.send(method, &host, &path, body.as_ref(), Some(&token))
                .await
        }
    };
    let account: Value = me(Method::GET, "/api/v1/my/account", None)
        .await
        .json()
        .await
        .unwrap();
    let pinless = account["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "pinless")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sip = account["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "sip")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let res = me(
        Method::POST,
        &format!("/api/v1/my/services/{pinless}/anis"),
        Some(json!({"number": "+1 555 010 0301"})),
    )
    .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.json::<Value>().await.unwrap()["anis"],
        json!(["+15550100300", "+15550100301"])
    );
    let res = me(
        Method::POST,
        &format!("/api/v1/my/services/{pinless}/anis"),
        Some(json!({"number": "15550100301"})),
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (409, "conflict".into(), Some("number".into()))
    );
    let res = me(
        Method::POST,
        &format!("/api/v1/my/services/{sip}/anis"),
        Some(json!({"number": "+15550100399"})),
    )
    .await;
    assert_eq!(
        error_of(res).await.0,
        404,
        "only PINless services take numbers"
    );
    assert_eq!(
        me(
            Method::DELETE,
            &format!("/api/v1/my/services/{pinless}/anis/15550100300"),
            None
        )
        .await
        .status(),
        204
    );
    let res = me(
        Method::DELETE,
        &format!("/api/v1/my/services/{pinless}/anis/15550100301"),
        None,
    )
    .await;
    assert_eq!(error_of(res).await.0, 409, "the last number stays");

    let before: Value = me(
        Method::GET,
        &format!("/api/v1/my/services/{sip}/credentials"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let after: Value = me(
        Method::POST,
        &format!("/api/v1/my/services/{sip}/reset-password"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_ne!(before["password"], after["password"]);
    assert_eq!(after["password"].as_str().unwrap().len(), 20);

    let res = me(
        Method::POST,
        "/api/v1/my/services",
        Some(json!({"kind": "video", "plan_id": plans["video"]})),
    )
    .await;
    assert_eq!(res.status(), 201);
    assert!(res.json::<Value>().await.unwrap()["password"].is_string());
    let res = me(
        Method::POST,
        "/api/v1/my/services",
        Some(json!({"kind": "video"})),
    )
    .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("plan_id"));

    let res = me(
        Method::POST,
        "/api/v1/my/password",
        Some(json!({"current_password": "nope", "new_password": "second password"})),
    )
    .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("current_password"));
    let res = me(
        Method::POST,
        "/api/v1/my/password",
        Some(json!({"current_password": "first password", "new_password": "short"})),
    )
    .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("new_password"));
    let res = me(
        Method::POST,
        "/api/v1/my/password",
        Some(json!({"current_password": "first password", "new_password": "second password"})),
    )
    .await;
    assert_eq!(res.status(), 204);
    let login = json!({"email": "cy@example.test", "password": "second password"});
    assert_eq!(
        app.send(
            Method::POST,
            &op.host(),
            "/api/v1/my/login",
            Some(&login),
            None
        )
        .await
        .status(),
        200
    );
}

#[tokio::test]
async fn a_card_from_a_batch_is_registered_to_an_account() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let plans = shop(&app, &op).await;
    let batch: Value = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/card-batches",
            Some(&json!({"name": "Shop", "quantity": 2, "initial_balance": "5.50"})),
            Some(&op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let csv = app
        .send(
            Method::GET,
            &op.host(),
            &format!(
                "/api/v1/card-batches/{}/cards.csv",
                batch["id"].as_str().unwrap()
            ),
            None,
            Some(&op.access_token),
        )
        .await
        .text()
        .await
        .unwrap();
    let pin = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .to_owned();
    let token = verified_customer(&app, &op, &plans, "dee@example.test").await;
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/cards/register",
            Some(&json!({"pin": pin})),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), 201);
    let card: Value = res.json().await.unwrap();
    assert_eq!(card["kind"], "calling_card");
    let account: Value = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/my/account",
            None,
            Some(&token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(account["account"]["balance"], "5.5");
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/cards/register",
            Some(&json!({"pin": pin})),
            Some(&token),
        )
        .await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("pin".into())),
        "a card registers once"
    );
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/cards/register",
            Some(&json!({"pin": "12ab"})),
            Some(&token),
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("pin"));
}
