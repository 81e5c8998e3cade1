//! Two `serve` instances on one database, driven alternately as a load
//! balancer would: sessions, rate limits, CDRs, bill runs and the e-mail
//! outbox work across them, and no job is done twice. Also `/metrics`.

use crate::authorize::staff;
use crate::billing::{post_cdrs, shop, sign_up, travel};
use crate::helpers::{TestApp, count_mail, error_of, numbered, sorted_numbers};
use chrono::{TimeZone, Utc};
use reqwest::Method;
use serde_json::{Value, json};

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap()
}

#[tokio::test]
async fn two_instances_share_sessions_limits_cdrs_bill_runs_and_mail() {
    // Small chunks and a pause between them, so both instances are at the
    // bill run at the same time.
    let a = TestApp::spawn_with(|s| {
        s.bill_run_chunk = 2;
        s.bill_run_pause_ms = 40;
    })
    .await;
    let b = a.sibling().await;
    assert_ne!(a.state.instance_id(), b.state.instance_id());
    for app in [&a, &b] {
        app.clock().set(at(2026, 11, 1, 9));
    }
    let mut s = shop(&a).await;

    // A session opened on one instance works on the other, refresh too.
    let me = staff(&b, &s.op, Method::GET, "/api/v1/me", json!(null)).await;
    assert_eq!(me["email"], s.op.email);
    let res = b
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/auth/refresh",
            Some(&json!({"refresh_token": s.op.refresh_token})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200, "refresh on the other instance");

    // Failed sign-ins count across instances: five allowed in all, the
    // sixth is refused wherever it lands.
    // (An e-mail of its own, so the operator's sign-ins below are not locked.)
    let wrong = json!({"email": "guess@acme.test", "password": "not the password"});
    for i in 0..5 {
        let app = if i % 2 == 0 { &a } else { &b };
        let res = app
            .send(
                Method::POST,
                &s.op.host(),
                "/api/v1/auth/login",
                Some(&wrong),
                None,
            )
            .await;
        assert_eq!(res.status(), 401, "attempt {i}");
    }
    let res = b
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/auth/login",
            Some(&wrong),
            None,
        )
        .await;
    let (status, code, _) = error_of(res).await;
    assert_eq!((status, code.as_str()), (429, "rate_limited"));

    // Customers sign up on either instance; CDRs go to both at once, one
    // call sent to both (a switch retrying through the balancer).
    let tag = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
    let mut sips = Vec::new();
    let mut emails = Vec::new();
    for i in 0..5 {
        let app = if i % 2 == 0 { &a } else { &b };
        let name = format!("Twin{i}x{tag}");
        let c = sign_up(
            app,
            &s,
            &name,
            json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
        )
        .await;
        emails.push(format!("{}@example.test", name.to_lowercase()));
        sips.push(c["services"][0]["username"].as_str().unwrap().to_owned());
    }
    let call = |id: String, sip: &str| {
        json!({"call_id": id, "service": "sip", "sip_username": sip,
            "destination": "+1 555 0100", "start_time": "2026-11-20T10:00:00Z", "duration_secs": 60})
    };
    let batch = |n: usize| -> Value {
        let mut v: Vec<Value> = sips
            .iter()
            .enumerate()
            .map(|(i, sip)| call(format!("c{n}-{i}"), sip))
            .collect();
        v.push(call("both".into(), &sips[0]));
        Value::Array(v)
    };
    let (ra, rb) = tokio::join!(post_cdrs(&a, &s, batch(1)), post_cdrs(&b, &s, batch(2)));
    let accepted = ra["accepted"].as_u64().unwrap() + rb["accepted"].as_u64().unwrap();
    let duplicates = ra["duplicates"].as_u64().unwrap() + rb["duplicates"].as_u64().unwrap();
    assert_eq!(
        (accepted, duplicates),
        (11, 1),
        "the shared call counted once"
    );

    // December 1st: both instances are asked for the bill run at once. One
    // run exists, one instance processes it, each account is invoiced once
    // and numbered without gaps, and each invoice e-mail is sent once.
    for app in [&a, &b] {
        app.clock().set(at(2026, 12, 1, 6));
    }
    travel(&a, &mut s.op, at(2026, 12, 1, 6)).await;
    let (host, empty) = (s.op.host(), json!({}));
    let start = |app| {
        TestApp::send(
            app,
            Method::POST,
            &host,
            "/api/v1/bill-runs",
            Some(&empty),
            Some(&s.op.access_token),
        )
    };
    let (sa, sb) = tokio::join!(start(&a), start(&b));
    assert_eq!((sa.status().as_u16(), sb.status().as_u16()), (202, 202));
    let (ja, jb): (Value, Value) = (sa.json().await.unwrap(), sb.json().await.unwrap());
    assert_eq!(ja["id"], jb["id"], "one run for the day");
    let path = format!("/api/v1/bill-runs/{}", ja["id"].as_str().unwrap());
    let mut run = Value::Null;
    for i in 0..400 {
        let app = if i % 2 == 0 { &a } else { &b };
        run = staff(app, &s.op, Method::GET, &path, json!(null)).await;
        if run["status"] == "done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(run["status"], "done");
    assert_eq!(
        (
            &run["total_accounts"],
            &run["done_accounts"],
            &run["invoices"]
        ),
        (&json!(5), &json!(5), &json!(5)),
        "progress counted once: {run}"
    );
    let page = staff(
        &b,
        &s.op,
        Method::GET,
        "/api/v1/invoices?limit=50",
        json!(null),
    )
    .await;
    assert_eq!(page["total"], 5);
    assert_eq!(
        sorted_numbers(&page),
        numbered("ACME-", 5),
        "one per account, no gaps"
    );

    // Both instances flush the outbox, several times, concurrently.
    for _ in 0..3 {
        let (x, y) = tokio::join!(
            ringledger::email::flush(&a.state),
            ringledger::email::flush(&b.state)
        );
        x.unwrap();
        y.unwrap();
    }
    for email in &emails {
        assert_eq!(
            count_mail(&a, email, "ACME-0000").await,
            1,
            "{email}: one invoice mail"
        );
    }
}

#[tokio::test]
async fn a_bill_run_left_by_a_dead_instance_is_taken_over_after_its_lease() {
    let a = TestApp::spawn().await;
    a.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&a).await;
    sign_up(
        &a,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    travel(&a, &mut s.op, at(2026, 12, 1, 6)).await;

    // A run leased by an instance that died: its lease still holds.
    let tenant = ringledger_shared::ids::TenantId(s.op.tenant_id.parse().unwrap());
    let tx = a.state.repos().platform_read().await.unwrap();
    let seller = tx.operator_seller(tenant).await.unwrap().unwrap().id;
    tx.commit().await.unwrap();
    let run = ringledger::services::billing::bill_run::create(
        a.state.repos(),
        a.state.clock(),
        tenant,
        ringledger_shared::ids::SellerId(seller),
        at(2026, 12, 1, 6).date_naive(),
        "test",
    )
    .await
    .unwrap();
    let tx = a.state.repos().tenant(tenant).await.unwrap();
    let lease = chrono::Duration::seconds(60);
    assert!(
        tx.billing()
            .lease_bill_run(run.id, "dead-host:8080", Utc::now(), lease)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();

    ringledger::services::billing::bill_run::resume(&a.state)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let tx = a.state.repos().tenant_read(tenant).await.unwrap();
    let still = tx.billing().bill_run(run.id).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        (still.status.as_str(), still.invoices),
        ("running", 0),
        "not while the lease holds"
    );

    // The lease lapses: the next pass takes the run over and finishes it.
    let tx = a.state.repos().tenant(tenant).await.unwrap();
    let past = Utc::now() - chrono::Duration::seconds(120);
    assert!(
        tx.billing()
            .lease_bill_run(run.id, "dead-host:8080", past, lease)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    ringledger::services::billing::bill_run::resume(&a.state)
        .await
        .unwrap();
    let mut done = None;
    for _ in 0..100 {
        let tx = a.state.repos().tenant_read(tenant).await.unwrap();
        let r = tx.billing().bill_run(run.id).await.unwrap().unwrap();
        tx.commit().await.unwrap();
        if r.status.as_str() == "done" {
            done = Some(r);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let done = done.expect("taken over and finished");
    assert_eq!(done.invoices, 1);
    assert_eq!(done.claimed_by.as_deref(), Some(a.state.instance_id()));
}

#[tokio::test]
async fn metrics_count_requests_per_route_cdrs_and_authorizations() {
    let app =
        TestApp::spawn_with(|s| s.metrics_token = Some("scrape-secret".to_owned().into())).await;
    app.clock().set(at(2026, 11, 1, 9));
    let s = shop(&app).await;
    let c = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let sip = c["services"][0]["username"].as_str().unwrap().to_owned();
    // Calls need a confirmed e-mail.
    crate::helpers::verify_email(&app, &s.op.host(), "al@example.test").await;
    post_cdrs(
        &app,
        &s,
        json!([
            {"call_id": "m1", "service": "sip", "sip_username": sip, "destination": "+1 555 0100",
             "start_time": "2026-11-20T10:00:00Z", "duration_secs": 60},
            {"call_id": "m1", "service": "sip", "sip_username": sip, "destination": "+1 555 0100",
             "start_time": "2026-11-20T10:00:00Z", "duration_secs": 60},
            {"call_id": "m2", "service": "sip", "sip_username": "nobody", "destination": "+1 555 0100",
             "start_time": "2026-11-20T10:00:00Z", "duration_secs": 60}
        ]),
    )
    .await;
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/authorize",
            Some(&json!({"service": "sip", "sip_username": sip, "destination": "+1 555 0100"})),
            Some(&s.key),
        )
        .await;
    assert_eq!(res.status(), 200);
    // Two customers' pages: one series for the pattern, not one per id.
    for id in [uuid::Uuid::now_v7(), uuid::Uuid::now_v7()] {
        let path = format!("/api/v1/customers/{id}");
        let res = app
            .send(
                Method::GET,
                &s.op.host(),
                &path,
                None,
                Some(&s.op.access_token),
            )
            .await;
        assert_eq!(res.status(), 404);
    }

    let res = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 401, "the token is required when set");
    let res = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = res.text().await.unwrap();
    let value = |series: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(series).and_then(|v| v.trim().parse().ok()))
            .unwrap_or_else(|| panic!("no {series} in\n{text}"))
    };
    assert_eq!(value("ringledger_cdrs_total{result=\"rated\"}"), 1.0);
    assert_eq!(value("ringledger_cdrs_total{result=\"duplicate\"}"), 1.0);
    assert_eq!(value("ringledger_cdrs_total{result=\"rejected\"}"), 1.0);
    assert_eq!(
        value("ringledger_authorizations_total{result=\"allowed\"}"),
        1.0
    );
    assert_eq!(
        value(
            "ringledger_http_requests_total{method=\"GET\",route=\"/api/v1/customers/{id}\",status=\"404\"}"
        ),
        2.0
    );
    assert!(text.contains(
        "ringledger_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/cdrs\"} 1"
    ));
    // The sign-up queued a welcome/verification e-mail or none; whatever
    // the outbox holds, the gauge says what the database says.
    let tx = app.state.repos().platform_read().await.unwrap();
    let gauges = tx.metric_gauges().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        value("ringledger_outbox_pending"),
        gauges.outbox_pending as f64
    );
    assert_eq!(value("ringledger_bill_run_accounts{state=\"total\"}"), 0.0);
}

/// The reason another instance gives a SIP call of `w`'s customer (`None`:
/// authorized).
async fn reason_on(app: &TestApp, w: &crate::authorize::World) -> Option<String> {
    let v: Value = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/authorize",
            Some(&json!({"service": "sip", "sip_username": w.sip, "destination": "1555"})),
            Some(&w.key),
        )
        .await
        .json()
        .await
        .unwrap();
    v["reason"].as_str().map(str::to_owned)
}

/// An instance keeps a line's call context as long as nothing is written
/// (up to `auth_cache::MAX_AGE`, 30 s), yet sees another instance's
/// suspension within the feed's half second or so: the other instance
/// publishes the tenant it wrote and this one follows.
#[tokio::test]
async fn a_suspension_on_one_instance_refuses_the_next_calls_on_another() {
    let a = TestApp::spawn().await;
    let w = crate::authorize::world(
        &a,
        Some(json!({"pin_length": 10, "account_kind": "postpaid", "default_credit_limit": "50", "billing_day": 1})),
    )
    .await;
    let b = a.sibling().await;
    assert_eq!(reason_on(&a, &w).await, None);
    // Past the cache's one-second fallback: the context is kept.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    assert_eq!(reason_on(&a, &w).await, None);
    let suspend = format!("/api/v1/customers/{}/suspend", w.customer_id);
    staff(&b, &w.op, Method::POST, &suspend, json!({})).await;
    let started = std::time::Instant::now();
    let mut reason = None;
    while started.elapsed() < std::time::Duration::from_secs(5) && reason.is_none() {
        reason = reason_on(&a, &w).await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        reason.as_deref(),
        Some("customer_suspended"),
        "A saw B's suspension well before its entries' 30 s backstop"
    );
    // And back: B lifts it, A lets the line call again.
    let lift = format!("/api/v1/customers/{}/reactivate", w.customer_id);
    staff(&b, &w.op, Method::POST, &lift, json!({})).await;
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(5) && reason.is_some() {
        reason = reason_on(&a, &w).await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(reason, None);

    // B published under its own name; rows of processes gone for good are
    // deleted (a pod's name changes at every rollout), and the feed goes on.
    assert!(feed_rows(&a).await > 0);
    let gone = a
        .state
        .repos()
        .forget_writes_before(i64::MAX)
        .await
        .unwrap();
    assert!(gone > 0);
    assert_eq!(feed_rows(&a).await, 0);
    staff(&b, &w.op, Method::POST, &suspend, json!({})).await;
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(5) && reason.is_none() {
        reason = reason_on(&a, &w).await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(reason.as_deref(), Some("customer_suspended"));
}

/// Rows in `write_generations`.
async fn feed_rows(app: &TestApp) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let db = sea_orm::Database::connect(app.state.settings().database_url().unwrap())
        .await
        .unwrap();
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM write_generations",
        ))
        .await
        .unwrap()
        .unwrap();
    db.close().await.ok();
    row.try_get::<i64>("", "n").unwrap()
}
