//! Customers' side of their calls: usage per service and day, low-balance mails.

use super::*;

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
    let subject = "below the 4.00 EUR";
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
