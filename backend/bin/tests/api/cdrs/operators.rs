//! Operators on kept records: ledger adjustments, search, export, re-rating, revenue.

use super::*;

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
