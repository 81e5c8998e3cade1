//! Rate decks, destination groups, plans and bundles.

use crate::helpers::{Operator, TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

pub const DECK: &str = "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n\
                        1,USA,0.05,0,30,6\n\
                        44,United Kingdom,0.10,0,60,60\n\
                        447,United Kingdom Mobile,0.2,0.05,30,6\n";

pub async fn upload(app: &TestApp, op: &Operator, query: &str, csv: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/rate-decks/import?{query}")))
        .header("Host", format!("{}:{}", op.host(), app.port))
        .header("Content-Type", "text/csv")
        .bearer_auth(&op.access_token)
        .body(csv.to_owned())
        .send()
        .await
        .unwrap()
}

async fn get(app: &TestApp, op: &Operator, path: &str) -> reqwest::Response {
    app.send(Method::GET, &op.host(), path, None, Some(&op.access_token))
        .await
}

async fn post(app: &TestApp, op: &Operator, path: &str, body: Value) -> reqwest::Response {
    app.send(
        Method::POST,
        &op.host(),
        path,
        Some(&body),
        Some(&op.access_token),
    )
    .await
}

#[tokio::test]
async fn a_deck_uploads_lists_searches_prices_and_exports() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let res = upload(&app, &op, "name=Retail&effective_from=2020-01-01", DECK).await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["summary"]["rows"], 3);
    assert_eq!(v["summary"]["destinations"], 3);
    assert_eq!(v["summary"]["min_rate"], "0.05");
    assert_eq!(v["summary"]["max_rate"], "0.2");
    assert_eq!(
        v["deck"]["currency"], "EUR",
        "the operator's currency by default"
    );
    assert_eq!(v["version"]["current"], true);
    let deck_id = v["deck"]["id"].as_str().unwrap().to_owned();

    let list: Value = get(&app, &op, "/api/v1/rate-decks")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["versions"][0]["rows"], 3);

    let by_prefix: Value = get(
        &app,
        &op,
        &format!("/api/v1/rate-decks/{deck_id}/rates?q=44"),
    )
    .await
    .json()
    .await
    .unwrap();
    let prefixes: Vec<&str> = by_prefix["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["prefix"].as_str().unwrap())
        .collect();
    assert_eq!(prefixes, ["44", "447"]);
    let by_name: Value = get(
        &app,
        &op,
        &format!("/api/v1/rate-decks/{deck_id}/rates?q=mobile"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(by_name["total"], 1);
    assert_eq!(by_name["items"][0]["rate_per_minute"], "0.2");
    let none: Value = get(
        &app,
        &op,
        &format!("/api/v1/rate-decks/{deck_id}/rates?q=%25"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(none["total"], 0, "LIKE wildcards are escaped");

    let m: Value = get(
        &app,
        &op,
        &format!("/api/v1/rate-decks/{deck_id}/match?number=%2B44%207911%20123456"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(m["number"], "447911123456");
    let matched: Vec<&str> = m["rates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["prefix"].as_str().unwrap())
        .collect();
    assert_eq!(matched, ["44", "447"]);
    let res = get(
        &app,
        &op,
        &format!("/api/v1/rate-decks/{deck_id}/match?number=abc"),
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("number".into()))
    );

    let res = get(
        &app,
        &op,
        &format!("/api/v1/rate-decks/{deck_id}/export.csv"),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(
        res.text().await.unwrap(),
        "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n\
         1,USA,0.05,0,30,6\n44,United Kingdom,0.1,0,60,60\n447,United Kingdom Mobile,0.2,0.05,30,6\n"
    );
}

#[tokio::test]
async fn an_invalid_deck_lists_every_problem_and_imports_nothing() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let bad = "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n\
               1,USA,0.05,0,30,6\n\
               1,USA again,0.05,0,30,6\n\
               33,France,0.0x,0,60,60\n\
               34,Spain,0.1,0,0,60\n\
               35a,Bad,0.1,0,60,60\n";
    let res = upload(&app, &op, "name=Retail", bad).await;
    assert_eq!(res.status(), 400);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_deck");
    assert_eq!(v["error"]["field"], "file");
    let lines: Vec<u64> = v["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 4, 5, 6]);
    assert!(
        v["error"]["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 2")
    );
    let list: Value = get(&app, &op, "/api/v1/rate-decks")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0, "nothing half-imported, not even the deck");
}

#[tokio::test]
async fn versions_are_idempotent_per_file_and_take_over_from_their_date() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    app.clock().set("2026-06-15T12:00:00Z".parse().unwrap());
    assert_eq!(
        upload(&app, &op, "name=Retail&effective_from=2026-06-01", DECK)
            .await
            .status(),
        201
    );
    let again = upload(&app, &op, "name=Retail&effective_from=2026-06-01", DECK).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap()["created"], false);
    let other = format!("{DECK}33,France,0.07,0,60,60\n");
    let res = upload(&app, &op, "name=Retail&effective_from=2026-06-01", &other).await;
    assert_eq!(
        error_of(res).await,
        (409, "conflict".into(), Some("effective_from".into()))
    );
    let res = upload(
        &app,
        &op,
        "name=Retail&currency=USD&effective_from=2026-07-01",
        &other,
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (409, "conflict".into(), Some("currency".into()))
    );

    let res = upload(&app, &op, "name=Retail&effective_from=2026-07-01", &other).await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["version"]["current"], false, "scheduled for July");
    let deck_id = v["deck"]["id"].as_str().unwrap().to_owned();
    let france = format!("/api/v1/rate-decks/{deck_id}/match?number=33123");
    let m: Value = get(&app, &op, &france).await.json().await.unwrap();
    assert_eq!(
        m["rates"].as_array().unwrap().len(),
        0,
        "June's version has no France"
    );

    app.clock().set("2026-07-01T00:00:00Z".parse().unwrap());
    let deck: Value = get(&app, &op, &format!("/api/v1/rate-decks/{deck_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(deck["versions"][0]["effective_from"], "2026-07-01");
    assert_eq!(deck["versions"][0]["current"], true);
    assert_eq!(deck["versions"][1]["current"], false);
    let m: Value = get(&app, &op, &france).await.json().await.unwrap();
    assert_eq!(m["rates"][0]["prefix"], "33");
}

#[tokio::test]
async fn upload_fields_are_checked() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    for (query, field) in [
        ("name=", "name"),
        ("name=R&currency=euros", "currency"),
        ("name=R&effective_from=tomorrow", "effective_from"),
        ("name=R&effective_from=2026-02-30", "effective_from"),
    ] {
        let res = upload(&app, &op, query, DECK).await;
        assert_eq!(
            error_of(res).await,
            (400, "validation_failed".into(), Some(field.into())),
            "{query}"
        );
    }
    let res = upload(&app, &op, "name=R", "").await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("file"));
    let res = upload(&app, &op, "name=R", "prefix,destination\n1,x\n").await;
    assert_eq!(error_of(res).await.1, "invalid_deck");
    let res = app
        .client
        .post(app.url("/api/v1/rate-decks/import?name=R"))
        .header("Host", format!("{}:{}", op.host(), app.port))
        .body(DECK)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(res).await.0, 401, "staff only");
}

#[tokio::test]
async fn groups_plans_and_bundles() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let deck: Value = upload(&app, &op, "name=Retail", DECK)
        .await
        .json()
        .await
        .unwrap();
    let deck_id = deck["deck"]["id"].as_str().unwrap().to_owned();

    let res = post(
        &app,
        &op,
        "/api/v1/destination-groups",
        json!({"name": "North America", "prefixes": ["1", " 1 ", "1204"]}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let group: Value = res.json().await.unwrap();
    assert_eq!(group["prefixes"], json!(["1", "1204"]));
    let res = post(
        &app,
        &op,
        "/api/v1/destination-groups",
        json!({"name": "Bad", "prefixes": ["+1"]}),
    )
    .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("prefixes"));
    let res = post(
        &app,
        &op,
        "/api/v1/destination-groups",
        json!({"name": "North America", "prefixes": ["1"]}),
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (409, "conflict".into(), Some("name".into()))
    );

    let res = post(
        &app,
        &op,
        "/api/v1/plans",
        json!({"name": "Card per minute", "service_kind": "calling_card", "deck_id": deck_id}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let res = post(
        &app,
        &op,
        "/api/v1/plans",
        json!({"name": "SIP flat", "service_kind": "sip", "monthly_fee": "9.99"}),
    )
    .await;
    assert_eq!(res.json::<Value>().await.unwrap()["monthly_fee"], "9.99");
    for (body, field) in [
        (json!({"name": "X", "service_kind": "fax"}), "service_kind"),
        (json!({"name": "X", "service_kind": "sip"}), "deck_id"),
        (
            json!({"name": "X", "service_kind": "sip", "monthly_fee": "9.999"}),
            "monthly_fee",
        ),
        (
            json!({"name": "X", "service_kind": "sip", "monthly_fee": "-1"}),
            "monthly_fee",
        ),
        (
            json!({"name": "X", "service_kind": "sip", "deck_id": "00000000-0000-0000-0000-000000000000"}),
            "deck_id",
        ),
        (
            json!({"name": "", "service_kind": "sip", "monthly_fee": "1"}),
            "name",
        ),
    ] {
        let res = post(&app, &op, "/api/v1/plans", body.clone()).await;
        assert_eq!(
            error_of(res).await,
            (400, "validation_failed".into(), Some(field.into())),
            "{body}"
        );
    }

    let bundle = json!({
        "name": "Talk 500",
        "monthly_fee": "19.00",
        "service_kinds": ["calling_card", "sip"],
        "deck_id": deck_id,
        "allowances": [{"group_id": group["id"], "minutes": 500, "priority": 1}]
    });
    let res = post(&app, &op, "/api/v1/bundles", bundle).await;
    assert_eq!(res.status(), 201);
    let b: Value = res.json().await.unwrap();
    assert_eq!(
        b["allowances"][0]["service_kinds"],
        json!(["calling_card", "sip"])
    );
    let res = post(
        &app,
        &op,
        "/api/v1/bundles",
        json!({"name": "Y", "monthly_fee": "1", "service_kinds": ["sip"],
               "allowances": [{"group_id": group["id"], "minutes": 5, "service_kinds": ["video"]}]}),
    )
    .await;
    assert_eq!(
        error_of(res).await.2.as_deref(),
        Some("allowances[0].service_kinds")
    );
    let res = post(
        &app,
        &op,
        "/api/v1/bundles",
        json!({"name": "Z", "monthly_fee": "1", "service_kinds": []}),
    )
    .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("service_kinds"));

    let plans: Value = get(&app, &op, "/api/v1/plans").await.json().await.unwrap();
    assert_eq!(plans["total"], 2);
    let bundles: Value = get(&app, &op, "/api/v1/bundles")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(bundles["items"][0]["allowances"][0]["minutes"], 500);
    let groups: Value = get(&app, &op, "/api/v1/destination-groups")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(groups["total"], 1);
}

#[tokio::test]
async fn another_tenants_catalog_is_invisible() {
    let app = TestApp::spawn().await;
    let acme = app.operator("acme").await;
    let globex = app.operator("globex").await;
    let deck: Value = upload(&app, &acme, "name=Retail", DECK)
        .await
        .json()
        .await
        .unwrap();
    let deck_id = deck["deck"]["id"].as_str().unwrap().to_owned();
    let group: Value = post(
        &app,
        &acme,
        "/api/v1/destination-groups",
        json!({"name": "NA", "prefixes": ["1"]}),
    )
    .await
    .json()
    .await
    .unwrap();
    post(
        &app,
        &acme,
        "/api/v1/plans",
        json!({"name": "P", "service_kind": "sip", "monthly_fee": "1"}),
    )
    .await;

    for path in [
        format!("/api/v1/rate-decks/{deck_id}"),
        format!("/api/v1/rate-decks/{deck_id}/rates"),
        format!("/api/v1/rate-decks/{deck_id}/match?number=1555"),
        format!("/api/v1/rate-decks/{deck_id}/export.csv"),
    ] {
        let res = get(&app, &globex, &path).await;
        assert_eq!(
            error_of(res).await,
            (404, "not_found".into(), None),
            "{path}"
        );
    }
    for path in [
        "/api/v1/rate-decks",
        "/api/v1/destination-groups",
        "/api/v1/plans",
        "/api/v1/bundles",
    ] {
        let v: Value = get(&app, &globex, path).await.json().await.unwrap();
        assert_eq!(v["total"], 0, "{path}");
    }
    let res = post(
        &app,
        &globex,
        "/api/v1/plans",
        json!({"name": "P", "service_kind": "sip", "deck_id": deck_id}),
    )
    .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("deck_id"));
    let res = post(
        &app,
        &globex,
        "/api/v1/bundles",
        json!({"name": "B", "monthly_fee": "1", "service_kinds": ["sip"], "allowances": [{"group_id": group["id"], "minutes": 5}]}),
    )
    .await;
    assert_eq!(
        error_of(res).await.2.as_deref(),
        Some("allowances[0].group_id")
    );
    // The same deck name is free for another operator.
    assert_eq!(
        upload(&app, &globex, "name=Retail", DECK).await.status(),
        201
    );
}
