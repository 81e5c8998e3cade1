//! `POST /api/v1/cdrs`: rating, billing, idempotency, allowances, rejects.

use crate::authorize::{World, staff, top_up, world};
use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

async fn post(app: &TestApp, w: &World, body: Value) -> Value {
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/cdrs",
            Some(&body),
            Some(&w.key),
        )
        .await;
    assert_eq!(res.status(), 200, "{body}");
    res.json().await.unwrap()
}

async fn balance(app: &TestApp, w: &World, customer: &str) -> String {
    let c = staff(
        app,
        &w.op,
        Method::GET,
        &format!("/api/v1/customers/{customer}"),
        json!(null),
    )
    .await;
    c["account"]["balance"].as_str().unwrap().to_owned()
}

fn cdr(id: &str, user: &str, dest: &str, secs: i64, at: &str) -> Value {
    json!({"call_id": id, "service": "sip", "sip_username": user, "destination": dest, "start_time": at, "duration_secs": secs, "media": "audio"})
}

#[tokio::test]
async fn cdrs_are_rated_billed_once_and_rejects_are_kept() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "1.00").await;
    let batch = json!([
        cdr("c1", &w.sip, "+1 555 0100", 45, "2026-11-20T10:00:00Z"),
        cdr("c2", "nobody", "1555", 60, "2026-11-20T10:01:00Z"),
        cdr("c3", &w.sip, "33123", 60, "2026-11-20T10:02:00Z"),
        cdr("c4", &w.sip, "1555", 60, "yesterday"),
        cdr("c1", &w.sip, "+1 555 0100", 45, "2026-11-20T10:00:00Z"),
    ]);
    let v = post(&app, &w, batch).await;
    assert_eq!(
        (v["accepted"].as_u64(), v["duplicates"].as_u64()),
        (Some(1), Some(1))
    );
    let mut rejected: Vec<(String, String)> = v["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["call_id"].as_str().unwrap().to_owned(),
                r["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    rejected.sort();
    assert_eq!(
        rejected,
        [
            ("c2".into(), "unknown_identifier".into()),
            ("c3".into(), "no_rate".into()),
            ("c4".into(), "invalid_start_time".into())
        ]
    );
    assert_eq!(
        balance(&app, &w, &w.customer_id).await,
        "0.96",
        "45 s at 0.05/min on 30/6 = 48 s = 0.0400"
    );

    // The switch retries the whole batch: nothing changes.
    let again = post(
        &app,
        &w,
        json!([
            cdr("c1", &w.sip, "+1 555 0100", 45, "2026-11-20T10:00:00Z"),
            cdr("c3", &w.sip, "33123", 60, "2026-11-20T10:02:00Z")
        ]),
    )
    .await;
    assert_eq!(
        (again["accepted"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(balance(&app, &w, &w.customer_id).await, "0.96");
}

#[tokio::test]
async fn csv_batches_work_like_json() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    let csv = format!(
        "call_id,service,pin,ani,sip_username,destination,start_time,duration_secs,media\n\
         k1,sip,,,{u},1555,2026-11-20T10:00:00Z,61,audio\n\
         k2,pinless,,+15550100001,,4420,2026-11-20T11:00:00Z,0,audio\n\
         k3,sip,,,{u},1555,2026-11-20T12:00:00Z,not-a-number,audio\n",
        u = w.sip
    );
    let res = app
        .client
        .post(app.url("/api/v1/cdrs"))
        .header("Host", format!("{}:{}", w.op.host(), app.port))
        .header("Content-Type", "text/csv")
        .bearer_auth(&w.key)
        .body(csv)
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["accepted"], 2);
    assert_eq!(v["rejected"], json!([{"call_id": "k3", "code": "invalid"}]));
    // 61 s at 0.05 on 30/6 → 66 s → 0.0550; the unanswered call costs nothing.
    assert_eq!(balance(&app, &w, &w.customer_id).await, "-0.055");
}

#[tokio::test]
async fn allowances_cover_calls_in_start_order() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    let decks: Value = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/rate-decks",
            None,
            Some(&w.op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let group = staff(
        &app,
        &w.op,
        Method::POST,
        "/api/v1/destination-groups",
        json!({"name": "NA", "prefixes": ["1"]}),
    )
    .await;
    let bundle = staff(&app, &w.op, Method::POST, "/api/v1/bundles", json!({
        "name": "Talk", "monthly_fee": "5", "service_kinds": ["sip"], "deck_id": decks["items"][0]["id"],
        "allowances": [{"group_id": group["id"], "minutes": 10}]})).await;
    let body = json!({"name": "Bo", "email": "bo@example.test", "password": "long password", "bundle_id": bundle["id"]});
    let c: Value = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let user = c["customer"]["services"][0]["username"]
        .as_str()
        .unwrap()
        .to_owned();
    let customer = c["customer"]["id"].as_str().unwrap().to_owned();
    // Calls need a confirmed e-mail.
    crate::helpers::verify_email(&app, &w.op.host(), "bo@example.test").await;
    let now = chrono::Utc::now();
    let at = |mins: i64| (now + chrono::Duration::minutes(mins)).to_rfc3339();
    // Posted out of order: b2 started later, so a1 draws the allowance first.
    let v = post(
        &app,
        &w,
        json!([
            cdr("b2", &user, "1555", 400, &at(10)),
            cdr("a1", &user, "1555", 400, &at(0))
        ]),
    )
    .await;
    assert_eq!(v["accepted"], 2);
    // a1: 402 billable s, all covered. b2: 402 s, 198 covered, 204 s paid = 0.17.
    assert_eq!(balance(&app, &w, &customer).await, "-0.17");
    let account = staff(
        &app,
        &w.op,
        Method::GET,
        &format!("/api/v1/customers/{customer}"),
        json!(null),
    )
    .await;
    let left = &account["bundles"][0]["allowances_left"][0];
    assert_eq!(
        (
            left["included_secs"].as_u64(),
            left["remaining_secs"].as_u64()
        ),
        (Some(600), Some(0))
    );
    // Authorization now sees the allowance spent.
    let v: Value = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/authorize",
            Some(&json!({"service": "sip", "sip_username": user, "destination": "1555"})),
            Some(&w.key),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (v["allowance_secs"].as_u64(), v["reason"].as_str()),
        (Some(0), Some("insufficient_balance"))
    );
}

#[tokio::test]
async fn malformed_batches_are_refused_whole() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    let body = json!([{"call_id": "x", "service": "sip", "sip_username": w.sip, "destination": "1", "start_time": "2026-11-20T10:00:00Z", "duration_secs": "ten"}]);
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/cdrs",
            Some(&body),
            Some(&w.key),
        )
        .await;
    assert_eq!(
        error_of(res).await,
        (
            400,
            "validation_failed".into(),
            Some("[0].duration_secs".into())
        )
    );
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/cdrs",
            Some(&json!({"call_id": "x"})),
            Some(&w.key),
        )
        .await;
    assert_eq!(error_of(res).await.1, "invalid_json");
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/cdrs",
            Some(&json!([])),
            Some(&w.op.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.0, 401);
}

#[tokio::test]
async fn concurrent_batches_for_one_account_debit_every_call_once() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    let batch = |prefix: &str| {
        json!(
            (0..20)
                .map(|i| cdr(
                    &format!("{prefix}{i}"),
                    &w.sip,
                    "1555",
                    60,
                    "2026-11-20T10:00:00Z"
                ))
                .collect::<Vec<_>>()
        )
    };
    let (a, b) = tokio::join!(post(&app, &w, batch("a")), post(&app, &w, batch("b")));
    assert_eq!(
        a["accepted"].as_u64().unwrap() + b["accepted"].as_u64().unwrap(),
        40
    );
    // 40 calls of 60 s at 0.05/min on 30/6 = 40 × 0.05 = 2.00.
    assert_eq!(balance(&app, &w, &w.customer_id).await, "-2");
}

#[tokio::test]
async fn operators_credit_and_debit_balances_through_the_ledger() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    let path = format!("/api/v1/customers/{}/adjustments", w.customer_id);
    let e = staff(
        &app,
        &w.op,
        Method::POST,
        &path,
        json!({"amount": "10.00", "reason": "Goodwill"}),
    )
    .await;
    assert_eq!(
        (
            e["amount"].as_str(),
            e["balance_after"].as_str(),
            e["actor"].as_str()
        ),
        (Some("10"), Some("10"), Some("owner@acme.test"))
    );
    staff(
        &app,
        &w.op,
        Method::POST,
        &path,
        json!({"amount": "-2.50", "reason": "Correction"}),
    )
    .await;
    post(
        &app,
        &w,
        json!([cdr("z1", &w.sip, "1555", 60, "2026-11-20T10:00:00Z")]),
    )
    .await;
    assert_eq!(balance(&app, &w, &w.customer_id).await, "7.45");
    let ledger = staff(
        &app,
        &w.op,
        Method::GET,
        &format!("/api/v1/customers/{}/ledger", w.customer_id),
        json!(null),
    )
    .await;
    let kinds: Vec<&str> = ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["usage", "adjustment", "adjustment"]);
    assert_eq!(ledger["items"][0]["balance_after"], "7.45");
    for (body, field) in [
        (json!({"amount": "0", "reason": "x"}), "amount"),
        (json!({"amount": "1.234", "reason": "x"}), "amount"),
        (json!({"amount": "abc", "reason": "x"}), "amount"),
        (json!({"amount": "1", "reason": ""}), "reason"),
    ] {
        let res = app
            .send(
                Method::POST,
                &w.op.host(),
                &path,
                Some(&body),
                Some(&w.op.access_token),
            )
            .await;
        assert_eq!(error_of(res).await.2.as_deref(), Some(field), "{body}");
    }
    let other = app.operator("globex").await;
    let res = app
        .send(
            Method::POST,
            &other.host(),
            &path,
            Some(&json!({"amount": "1", "reason": "x"})),
            Some(&other.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.0, 404);
}

#[tokio::test]
async fn operators_search_export_and_rerate_kept_records() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    post(
        &app,
        &w,
        json!([
            cdr("r1", &w.sip, "1555", 60, "2026-11-20T10:00:00Z"),
            cdr("r2", &w.sip, "33123", 60, "2026-11-20T11:00:00Z"),
            cdr("r3", "nobody", "1555", 60, "2026-11-21T10:00:00Z"),
        ]),
    )
    .await;
    let all = staff(&app, &w.op, Method::GET, "/api/v1/cdrs", json!(null)).await;
    assert_eq!(all["total"], 3);
    let rejected = staff(
        &app,
        &w.op,
        Method::GET,
        "/api/v1/cdrs?status=rejected",
        json!(null),
    )
    .await;
    assert_eq!(rejected["total"], 2);
    let by_number = staff(
        &app,
        &w.op,
        Method::GET,
        "/api/v1/cdrs?number=331",
        json!(null),
    )
    .await;
    assert_eq!(by_number["items"][0]["call_id"], "r2");
    let by_day = staff(
        &app,
        &w.op,
        Method::GET,
        "/api/v1/cdrs?from=2026-11-21&to=2026-11-21",
        json!(null),
    )
    .await;
    assert_eq!(by_day["items"][0]["call_id"], "r3");
    let mine = staff(
        &app,
        &w.op,
        Method::GET,
        &format!("/api/v1/cdrs?customer_id={}", w.customer_id),
        json!(null),
    )
    .await;
    assert_eq!(mine["total"], 2);
    let res = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/cdrs?from=soon",
            None,
            Some(&w.op.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("from"));
    let csv = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/cdrs/export.csv?status=rated",
            None,
            Some(&w.op.access_token),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 2);
    assert!(
        csv.lines().nth(1).unwrap().starts_with("r1,") && csv.ends_with("0.0500\n"),
        "{csv}"
    );

    // The operator adds France in a deck version in force on the call's date, then re-rates.
    let fixed = format!("{}33,France,0.07,0,60,60\n", crate::catalog::DECK);
    let res =
        crate::catalog::upload(&app, &w.op, "name=Retail&effective_from=2020-06-01", &fixed).await;
    assert_eq!(res.status(), 201);
    let v = staff(&app, &w.op, Method::POST, "/api/v1/cdrs/rerate", json!({})).await;
    assert_eq!(
        (v["rerated"].as_u64(), v["still_rejected"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        balance(&app, &w, &w.customer_id).await,
        "-0.12",
        "0.05 for r1 and 0.07 for r2"
    );
    let again = staff(&app, &w.op, Method::POST, "/api/v1/cdrs/rerate", json!({})).await;
    assert_eq!(again["rerated"], 0);
    let other = app.operator("globex").await;
    let theirs = staff(&app, &other, Method::GET, "/api/v1/cdrs", json!(null)).await;
    assert_eq!(theirs["total"], 0);
}

#[tokio::test]
async fn customers_see_their_usage_per_service_and_day() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "5.00").await; // also verifies and signs Al in
    post(&app, &w, json!([
        cdr("u1", &w.sip, "1555", 60, "2026-11-20T10:00:00Z"),
        cdr("u2", &w.sip, "4420", 61, "2026-11-21T10:00:00Z"),
        {"call_id": "u3", "service": "pinless", "ani": "+15550100001", "destination": "1555", "start_time": "2026-11-21T11:00:00Z", "duration_secs": 30},
    ]))
    .await;
    let login: Value = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": "al@example.test", "password": "long password"})),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap();
    let v: Value = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/my/usage?from=2026-11-01&to=2026-11-30",
            None,
            Some(token),
        )
        .await
        .json()
        .await
        .unwrap();
    let sip = v["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "sip")
        .unwrap();
    // 60 s at 0.05 = 0.05; 61 s at 0.10 on 60/60 = 120 s = 0.20.
    assert_eq!(
        (
            sip["calls"].as_u64(),
            sip["billable_secs"].as_u64(),
            sip["cost"].as_str()
        ),
        (Some(2), Some(180), Some("0.2500"))
    );
    let days: Vec<(&str, u64)> = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["day"].as_str().unwrap(), d["calls"].as_u64().unwrap()))
        .collect();
    assert_eq!(days, [("2026-11-20", 1), ("2026-11-21", 2)]);
    let card = v["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "calling_card")
        .unwrap();
    assert_eq!(card["calls"], 0);
    let res = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/my/usage?from=2026-11-30&to=2026-11-01",
            None,
            Some(token),
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("to"));
}

#[tokio::test]
async fn a_low_balance_mails_the_customer_once_per_crossing() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "5.00").await;
    let login: Value = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": "al@example.test", "password": "long password"})),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    let res = app
        .send(
            Method::PUT,
            &w.op.host(),
            "/api/v1/my/low-balance",
            Some(&json!({"threshold": "4.00"})),
            Some(&token),
        )
        .await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["low_balance_threshold"],
        "4"
    );
    let res = app
        .send(
            Method::PUT,
            &w.op.host(),
            "/api/v1/my/low-balance",
            Some(&json!({"threshold": "x"})),
            Some(&token),
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("threshold"));

    // A unique marker per test run: the mail carries the balance, not the port.
    let subject = "below the 4 EUR";
    // 5.00 → 3.80 crosses; 3.80 → 2.60 does not.
    post(
        &app,
        &w,
        json!([cdr("l1", &w.sip, "1555", 1440, "2026-11-20T10:00:00Z")]),
    )
    .await;
    post(
        &app,
        &w,
        json!([cdr("l2", &w.sip, "1555", 1440, "2026-11-20T11:00:00Z")]),
    )
    .await;
    assert_eq!(balance(&app, &w, &w.customer_id).await, "2.6");
    let first = crate::helpers::count_mail(&app, "al@example.test", subject).await;
    assert!(first >= 1, "the crossing is mailed");
    // Back above by a top-up, then a second crossing: a second mail.
    staff(
        &app,
        &w.op,
        Method::POST,
        &format!("/api/v1/customers/{}/adjustments", w.customer_id),
        json!({"amount": "2", "reason": "top-up"}),
    )
    .await;
    post(
        &app,
        &w,
        json!([cdr("l3", &w.sip, "1555", 1440, "2026-11-20T12:00:00Z")]),
    )
    .await;
    let second = crate::helpers::count_mail(&app, "al@example.test", subject).await;
    assert!(
        second > first,
        "a new crossing is mailed again ({first} then {second})"
    );
}

#[tokio::test]
async fn operators_see_revenue_per_day_and_service() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    post(&app, &w, json!([
        cdr("v1", &w.sip, "1555", 60, "2026-11-20T10:00:00Z"),
        cdr("v2", &w.sip, "4420", 61, "2026-11-21T10:00:00Z"),
        {"call_id": "v3", "service": "pinless", "ani": "+15550100001", "destination": "1555", "start_time": "2026-11-21T11:00:00Z", "duration_secs": 30},
        cdr("v4", &w.sip, "33123", 60, "2026-11-21T12:00:00Z"),
    ]))
    .await;
    let v = staff(
        &app,
        &w.op,
        Method::GET,
        "/api/v1/reports/revenue?from=2026-11-01&to=2026-11-30",
        json!(null),
    )
    .await;
    assert_eq!(v["currency"], "EUR");
    let days: Vec<(&str, &str)> = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["day"].as_str().unwrap(), d["cost"].as_str().unwrap()))
        .collect();
    // 0.05; then 0.20 + 0.025 (30 s at 0.05 on 30/6); the unrated call earns nothing.
    assert_eq!(days, [("2026-11-20", "0.0500"), ("2026-11-21", "0.2250")]);
    let sip = v["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "sip")
        .unwrap();
    assert_eq!(
        (sip["calls"].as_u64(), sip["revenue"].as_str()),
        (Some(2), Some("0.2500"))
    );
    let res = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/reports/revenue?from=x",
            None,
            Some(&w.op.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("from"));
    let other = app.operator("globex").await;
    let theirs = staff(
        &app,
        &other,
        Method::GET,
        "/api/v1/reports/revenue?from=2026-11-01&to=2026-11-30",
        json!(null),
    )
    .await;
    assert_eq!(theirs["days"].as_array().unwrap().len(), 0);
}
