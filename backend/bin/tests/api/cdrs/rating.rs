//! Posting CDR batches: rating, idempotency, CSV, allowances, malformed and concurrent.

use super::*;

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
        .send_csv(Method::POST, &w.op.host(), "/api/v1/cdrs", &csv, &w.key)
        .await;
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
    let (user, customer) = bundled_customer(&app, &w, "bo@example.test", 10).await;
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
async fn stored_cdrs_keep_every_field_and_answers_time_their_phases() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    // Text COPY would have to escape these; binary COPY carries them as is.
    let odd = "tab\there \"quoted\" back\\slash, é\nnewline";
    let body = json!([
        cdr(
            odd,
            &w.sip,
            "+1 555 0100",
            45,
            "2026-11-20T10:00:00.1234567Z"
        ),
        cdr("gone", "nobody", "1555", 60, "2026-11-20T10:01:00Z"),
        cdr("unrated", &w.sip, "33123", 0, "2026-11-20T10:02:00+02:00"),
    ]);
    let res = super::send_cdrs(&app, &w, &body).await;
    assert_eq!(res.status(), 200);
    let timing = res.headers()["server-timing"].to_str().unwrap().to_owned();
    for phase in ["parse", "lock", "rate", "write", "commit"] {
        assert!(timing.contains(&format!("{phase};dur=")), "{timing}");
    }
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["accepted"], 1);
    let all = staff(&app, &w.op, Method::GET, "/api/v1/cdrs", json!(null)).await;
    let find = |id: &str| {
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["call_id"] == id)
            .cloned()
            .unwrap()
    };
    let rated = find(odd);
    assert_eq!(rated["status"], "rated");
    assert_eq!(rated["identifier"], w.sip.as_str());
    assert_eq!(rated["destination"], "+1 555 0100");
    assert_eq!(rated["prefix"], "1");
    assert!(rated["account_id"].is_string());
    assert!(rated["service_id"].is_string());
    assert_eq!(
        (
            rated["billable_secs"].as_i64(),
            rated["covered_secs"].as_i64()
        ),
        (Some(48), Some(0))
    );
    let charge: rust_decimal::Decimal = rated["charge"].as_str().unwrap().parse().unwrap();
    assert_eq!(charge, rust_decimal::Decimal::new(4, 2), "48 s at 0.05/min");
    assert_eq!(rated["media"], "audio");
    assert_eq!(rated["reason"], Value::Null);
    let start = rated["start_time"].as_str().unwrap();
    let start = chrono::DateTime::parse_from_rfc3339(start).unwrap();
    if crate::helpers::on_postgres() {
        // To the microsecond, rounded as PostgreSQL rounds a text timestamp.
        assert_eq!(start.timestamp_subsec_micros(), 123_457, "{start}");
    }
    let unknown = find("gone");
    assert_eq!(
        (unknown["status"].as_str(), unknown["reason"].as_str()),
        (Some("rejected"), Some("unknown_identifier"))
    );
    assert_eq!(
        (unknown["account_id"].is_null(), unknown["prefix"].is_null()),
        (true, true)
    );
    let no_rate = find("unrated");
    assert_eq!(no_rate["reason"], "no_rate");
    assert!(no_rate["account_id"].is_string(), "kept for re-rating");
    assert!(no_rate["reason_detail"].as_str().unwrap().contains("33123"));
    assert_eq!(no_rate["start_time"], "2026-11-20T08:02:00Z");
    let again = post(&app, &w, body).await;
    assert_eq!(
        (again["accepted"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(3))
    );
}
