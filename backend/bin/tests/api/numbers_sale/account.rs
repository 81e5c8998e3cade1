//! A signed-in customer takes and gives back numbers on `/account`.

use super::*;
/// A signed-in customer takes a free number on a SIP service, another
/// customer cannot take it, and it is given back into quarantine.
#[tokio::test]
async fn a_customer_takes_and_gives_back_a_number() {
    let app = TestApp::spawn().await;
    let s = stocked(&app).await;
    let host = s.op.host();
    let (_, al) = signup(
        &app,
        &host,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]},
        {"kind": "pinless", "plan_id": s.plans["pinless"], "anis": ["+15550100002"]}]),
    )
    .await;
    let (_, bo) = signup(
        &app,
        &host,
        "Bo",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    for who in ["al@example.test", "bo@example.test"] {
        verify_email(&app, &host, who).await;
    }
    let al_token = customer_token(&app, &host, "al@example.test").await;
    let bo_token = customer_token(&app, &host, "bo@example.test").await;
    let al_sip = sip_of(&al["customer"])["id"].as_str().unwrap().to_owned();
    let bo_sip = sip_of(&bo["customer"])["id"].as_str().unwrap().to_owned();
    let pinless = al["customer"]["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "pinless")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let london = id_of(&offered(&app, &host, "?country=GB").await.1, "442071234567");
    let take = |token: &str, service: &str, id: &str| {
        let (app, host) = (&app, host.clone());
        let (token, path, body) = (
            token.to_owned(),
            format!("/api/v1/my/services/{service}/numbers"),
            json!({"id": id}),
        );
        async move {
            app.send(Method::POST, &host, &path, Some(&body), Some(&token))
                .await
        }
    };
    let res = take(&al_token, &pinless, &london).await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("id".into()))
    );
    let res = take(&al_token, &bo_sip, &london).await;
    assert_eq!(res.status(), 404, "another customer's service");
    let res = take(&al_token, &al_sip, &london).await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["numbers"][0]["number"], "442071234567");
    let res = take(&bo_token, &bo_sip, &london).await;
    assert_eq!(
        error_of(res).await,
        (409, "conflict".into(), Some("id".into()))
    );
    let account: Value = app
        .send(
            Method::GET,
            &host,
            "/api/v1/my/account",
            None,
            Some(&al_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let held = account["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == al_sip.as_str())
        .unwrap()["numbers"]
        .clone();
    assert_eq!(held[0]["id"], london.as_str(), "{account}");

    let give_back = |token: &str, service: &str| {
        let (app, host) = (&app, host.clone());
        let (token, path) = (
            token.to_owned(),
            format!("/api/v1/my/services/{service}/numbers/{london}"),
        );
        async move {
            app.send(Method::DELETE, &host, &path, None, Some(&token))
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(give_back(&bo_token, &bo_sip).await, 404, "not Bo's number");
    assert_eq!(give_back(&al_token, &al_sip).await, 204);
    assert_eq!(give_back(&al_token, &al_sip).await, 404, "given back once");
    let q = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/numbers?status=quarantined",
        json!(null),
    )
    .await;
    assert_eq!(q["items"][0]["number"], "442071234567");
    let audit = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/audit-events?action=number.",
        json!(null),
    )
    .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"number.taken") && actions.contains(&"number.given_back"),
        "{actions:?}"
    );
}
