//! High-risk prefixes (the operator's CSV) and the countries a customer
//! may call.

use super::{authorize, postpaid, send};
use crate::authorize::world;
use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

const LIST: &str =
    "prefix,description\n+44909,\"UK premium rate, adult\"\n8816,Iridium satellite\n";

async fn put_csv(app: &TestApp, host: &str, token: &str, csv: &str) -> reqwest::Response {
    app.send_csv(
        Method::PUT,
        host,
        "/api/v1/fraud/high-risk-prefixes",
        csv,
        token,
    )
    .await
}

fn to(w: &crate::authorize::World, number: &str) -> Value {
    json!({"service": "sip", "sip_username": w.sip, "destination": number})
}

#[tokio::test]
async fn high_risk_prefixes_and_countries_block_destinations() {
    let app = TestApp::spawn().await;
    let w = world(&app, Some(postpaid())).await;
    let (host, token) = (w.op.host(), w.op.access_token.clone());

    // A bad file names its line, and changes nothing.
    let res = put_csv(&app, &host, &token, "prefix,description\n44909,a\n44x,b\n").await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("file".into()))
    );
    let res = put_csv(&app, &host, &token, LIST).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["prefixes"], 2);
    let (_, list) = send(
        &app,
        &w,
        Method::GET,
        "/api/v1/fraud/high-risk-prefixes",
        json!(null),
    )
    .await;
    assert_eq!(list["prefixes"][0]["prefix"], "44909");
    assert_eq!(list["prefixes"][0]["description"], "UK premium rate, adult");
    let csv = app
        .send(
            Method::GET,
            &host,
            "/api/v1/fraud/high-risk-prefixes/export.csv",
            None,
            Some(&token),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv,
        "prefix,description\n44909,\"UK premium rate, adult\"\n8816,Iridium satellite\n"
    );

    // High-risk: refused unless the customer may call them.
    let premium = to(&w, "+44 909 876 5432");
    assert_eq!(
        authorize(&app, &w, &premium).await.1.as_deref(),
        Some("destination_blocked")
    );
    assert_eq!(
        authorize(&app, &w, &to(&w, "+44 20 7946 0000")).await.1,
        None
    );
    let customer = format!("/api/v1/customers/{}/fraud", w.customer_id);
    let (status, _) = send(
        &app,
        &w,
        Method::PUT,
        &customer,
        json!({"allow_high_risk": true}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(authorize(&app, &w, &premium).await.1, None);

    // Countries: only the United States.
    let (status, v) = send(
        &app,
        &w,
        Method::PUT,
        &customer,
        json!({"allow_high_risk": true, "allowed_countries": ["usa"]}),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("allowed_countries"))
    );
    let (_, v) = send(
        &app,
        &w,
        Method::PUT,
        &customer,
        json!({"allow_high_risk": true, "allowed_countries": ["us"]}),
    )
    .await;
    assert_eq!(v["own"]["allowed_countries"], json!(["US"]));
    assert_eq!(
        authorize(&app, &w, &to(&w, "+1 212 555 0100")).await.1,
        None
    );
    assert_eq!(
        authorize(&app, &w, &to(&w, "+44 20 7946 0000"))
            .await
            .1
            .as_deref(),
        Some("destination_blocked")
    );
    // The list emptied: nothing is high-risk any more.
    let res = put_csv(&app, &host, &token, "prefix,description\n").await;
    assert_eq!(res.status(), 200);
    send(&app, &w, Method::PUT, &customer, json!({})).await;
    assert_eq!(authorize(&app, &w, &premium).await.1, None);
}

#[tokio::test]
async fn only_the_operator_marks_prefixes_and_others_customers_are_not_found() {
    let app = TestApp::spawn().await;
    let w = world(&app, Some(postpaid())).await;
    let (r, _) = crate::resellers::reseller(
        &app,
        &w.op,
        "tel",
        ("percent", "10"),
        ("prepaid", None),
        "0",
    )
    .await;
    let res = put_csv(&app, &r.host(), &r.access_token, LIST).await;
    assert_eq!(error_of(res).await.0, 403);
    // The reseller reads the operator's list.
    put_csv(&app, &w.op.host(), &w.op.access_token, LIST).await;
    let res = app
        .send(
            Method::GET,
            &r.host(),
            "/api/v1/fraud/high-risk-prefixes",
            None,
            Some(&r.access_token),
        )
        .await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["prefixes"].as_array().unwrap().len(), 2);
    // The operator's customer is not the reseller's, nor another tenant's.
    let path = format!("/api/v1/customers/{}/fraud", w.customer_id);
    for (host, token) in [(r.host(), r.access_token.clone())] {
        let res = app
            .send(Method::GET, &host, &path, None, Some(&token))
            .await;
        assert_eq!(res.status(), 404);
        let res = app
            .send(Method::PUT, &host, &path, Some(&json!({})), Some(&token))
            .await;
        assert_eq!(res.status(), 404);
    }
    let other = app.operator("other").await;
    let res = app
        .send(
            Method::GET,
            &other.host(),
            &path,
            None,
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let release = format!(
        "/api/v1/customers/{}/services/{}/release",
        w.customer_id,
        uuid::Uuid::now_v7()
    );
    let res = app
        .send(
            Method::POST,
            &other.host(),
            &release,
            None,
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
}

/// A reseller's own limits are capped by its parent's, and only the
/// operator lets a customer call high-risk prefixes.
#[tokio::test]
async fn a_reseller_cannot_lift_the_operators_protection() {
    let app = TestApp::spawn().await;
    let w = world(&app, Some(postpaid())).await;
    let (r, _) = crate::resellers::reseller(
        &app,
        &w.op,
        "tel",
        ("percent", "10"),
        ("prepaid", None),
        "0",
    )
    .await;
    let plans: Value = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/plans",
            None,
            Some(&w.op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let items = plans["items"]
        .as_array()
        .or(plans.as_array())
        .unwrap()
        .clone();
    let sip = items.iter().find(|p| p["service_kind"] == "sip").unwrap()["id"].clone();
    let res = app
        .send(
            Method::POST,
            &r.host(),
            "/api/v1/customers",
            Some(
                &json!({"name": "Rita", "email": "rita@tel.test", "password": "long password",
                "services": [{"kind": "sip", "plan_id": sip}]}),
            ),
            Some(&r.access_token),
        )
        .await;
    assert_eq!(res.status(), 201);
    let rita: Value = res.json().await.unwrap();
    let path = format!(
        "/api/v1/customers/{}/fraud",
        rita["customer"]["id"].as_str().unwrap()
    );
    let as_reseller = |method: Method, body: Value| {
        let (app, host, token, path) = (&app, r.host(), r.access_token.clone(), path.clone());
        async move {
            let res = app
                .send(method, &host, &path, Some(&body), Some(&token))
                .await;
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    // The operator: 2 calls at once per service; the reseller's own
    // defaults and Rita's own limit ask for more: 2 still applies.
    send(
        &app,
        &w,
        Method::PUT,
        "/api/v1/settings/fraud",
        json!({"limits": {"service": {"concurrent_calls": 2}}, "anomaly_factor": 10}),
    )
    .await;
    let res = app
        .send(
            Method::PUT,
            &r.host(),
            "/api/v1/settings/fraud",
            Some(&json!({"limits": {"service": {"concurrent_calls": 10, "calls_per_minute": 30}}})),
            Some(&r.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, v) = as_reseller(Method::GET, json!(null)).await;
    assert_eq!(v["effective"]["service"]["concurrent_calls"], 2);
    assert_eq!(
        v["effective"]["service"]["calls_per_minute"], 30,
        "its own, under no cap"
    );
    let (status, v) = as_reseller(
        Method::PUT,
        json!({"limits": {"service": {"concurrent_calls": 50}}}),
    )
    .await;
    assert_eq!(
        (status, &v["effective"]["service"]["concurrent_calls"]),
        (200, &json!(2))
    );

    // High-risk destinations: the reseller may not allow them...
    let (status, v) = as_reseller(Method::PUT, json!({"allow_high_risk": true})).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    // ...the operator may (it sees its resellers' customers), and the
    // reseller may then keep or take back the permission.
    let res = app
        .send(
            Method::PUT,
            &w.op.host(),
            &path,
            Some(&json!({"allow_high_risk": true})),
            Some(&w.op.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let (status, _) = as_reseller(
        Method::PUT,
        json!({"allow_high_risk": true, "allowed_countries": ["GB"]}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, v) = as_reseller(Method::PUT, json!({})).await;
    assert_eq!((status, &v["own"]["allow_high_risk"]), (200, &json!(false)));
}
