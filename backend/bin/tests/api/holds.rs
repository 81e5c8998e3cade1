//! A prepaid call's money is held across instances for as long as the call
//! may last (`services::reservations`): another instance never hands it out
//! again, even when the line that holds it asks nothing more.

use crate::authorize::{World, authorize, top_up, world};
use crate::helpers::TestApp;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{Value, json};

/// The line's call `call`, asked of `app`.
async fn ask(app: &TestApp, w: &World, call: &str) -> Value {
    let body = json!({"service": "sip", "sip_username": w.sip, "destination": "+1 555 0100",
        "call_id": call});
    authorize(app, w, body).await
}

/// The moment the tests start at.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
        .single()
        .unwrap()
}

/// Both instances' clocks at `at`.
fn set_clocks(apps: [&TestApp; 2], at: DateTime<Utc>) {
    for app in apps {
        app.clock().set(at);
    }
}

#[tokio::test]
async fn a_long_call_on_one_instance_keeps_its_money_held_from_another() {
    let a = TestApp::spawn().await;
    let b = a.sibling().await;
    let t0 = t0();
    set_clocks([&a, &b], t0);
    let w = world(&a, None).await;
    top_up(&a, &w, "1.00").await;
    // A grants a call all the balance pays for: 20 minutes at 0.05.
    let first = ask(&a, &w, "c1").await;
    assert_eq!(first["max_duration_secs"], 1200, "{first}");
    assert_eq!(
        ask(&b, &w, "c2").await["reason"],
        "insufficient_balance",
        "B: the balance is held by A's call"
    );
    // Ten minutes on, the call still up and its line quiet: B still finds
    // nothing to hand out (A's hold outlives its lease while the call may last).
    set_clocks([&a, &b], t0 + Duration::minutes(10));
    assert_eq!(
        ask(&b, &w, "c3").await["reason"],
        "insufficient_balance",
        "B must not hand out the money of A's call in progress"
    );
    // Once the call could have ended without a CDR (its 20 minutes, the
    // 2-minute grace and the row's minute of slack past), its money is free
    // again.
    set_clocks([&a, &b], t0 + Duration::minutes(25));
    let later = ask(&b, &w, "c4").await;
    assert_eq!(later["max_duration_secs"], 1200, "{later}");
}

/// The hold renewals `app` counted: `(waited, ahead)` (its `/metrics`).
async fn renewals(app: &TestApp) -> (u64, u64) {
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let count = |how: &str| {
        let series = format!("ringledger_hold_renewals_total{{how=\"{how}\"}} ");
        text.lines()
            .find_map(|l| l.strip_prefix(&series))
            .map_or(0, |n| n.trim().parse().unwrap())
    };
    (count("waited"), count("ahead"))
}

/// Waits (up to five seconds) for `app`'s renewer to land a renewal ahead
/// past `before` of them.
async fn renewed_ahead(app: &TestApp, before: u64) -> (u64, u64) {
    for _ in 0..100 {
        let counts = renewals(app).await;
        if counts.1 > before {
            return counts;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no renewal ahead landed");
}

#[tokio::test]
async fn a_busy_lines_hold_is_renewed_ahead_of_its_lease_and_its_calls_do_not_wait() {
    let app = TestApp::spawn().await;
    let t0 = t0();
    app.clock().set(t0);
    let w = world(&app, None).await;
    top_up(&app, &w, "100.00").await;
    // The first call reads the balance (12.00 held for its 4 hours).
    let first = ask(&app, &w, "c1").await;
    assert_eq!(first["max_duration_secs"], 14400, "{first}");
    assert_eq!(renewals(&app).await, (1, 0), "the first call waited for it");
    // The operator takes 80.00 back: 20.00 left, 12.00 of it held.
    app.clock().set(t0 + Duration::seconds(1));
    let res = app
        .client
        .post(app.url(&format!("/api/v1/customers/{}/adjustments", w.customer_id)))
        .header("Host", w.op.host())
        .bearer_auth(&w.op.access_token)
        .json(&json!({"amount": "-80.00", "reason": "chargeback"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // Four seconds on (past the moment to renew ahead, inside the lease):
    // answered out of the hold, and the renewal asked for, not waited for.
    app.clock().set(t0 + Duration::seconds(4));
    let second = ask(&app, &w, "c2").await;
    assert_eq!(second["max_duration_secs"], 14400, "{second}");
    let (waited, _) = renewed_ahead(&app, 0).await;
    assert_eq!(waited, 1, "the second call did not wait");
    // Past the first lease: the renewal ahead read the 20.00 (24.00 held),
    // so the next call is refused from memory, without a renewal.
    app.clock().set(t0 + Duration::seconds(6));
    let third = ask(&app, &w, "c3").await;
    assert_eq!(third["reason"], "insufficient_balance", "{third}");
    assert_eq!(renewals(&app).await, (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn renewals_ahead_on_two_instances_among_calls_and_cdrs_never_hand_out_more_than_the_balance()
{
    use crate::concurrency::{balance, cdr, send, stored};
    use futures_util::future::join_all;
    let a = TestApp::spawn().await;
    let b = a.sibling().await;
    let t0 = t0();
    set_clocks([&a, &b], t0);
    let w = world(&a, None).await;
    top_up(&a, &w, "100.00").await;
    let start = balance(&a, &w).await;
    // Each instance reads the balance once (a quote holds nothing).
    let quote = json!({"service": "sip", "sip_username": w.sip, "destination": "+1 555 0100",
        "reserve": false});
    for app in [&a, &b] {
        send(app, &w, "/api/v1/authorize", quote.clone()).await;
    }
    // Rounds four seconds apart: every hold is past its moment to renew
    // ahead and inside its lease. Each round, calls on both instances, both
    // renewers, and the CDRs of the round before (each call lasting all it
    // was granted, half of them to the other instance), all at once.
    let mut granted: Vec<(String, u64)> = Vec::new();
    for round in 1..=4 {
        set_clocks([&a, &b], t0 + Duration::seconds(4 * round));
        let asks = (0..12).map(|i| {
            let app = if i % 2 == 0 { &a } else { &b };
            let id = format!("r{round}c{i}");
            let body = json!({"service": "sip", "sip_username": w.sip,
                "destination": "+1 555 0100", "call_id": id});
            let w = &w;
            async move { (id, send(app, w, "/api/v1/authorize", body).await) }
        });
        let cdrs = granted.iter().enumerate().map(|(i, (id, secs))| {
            let app = if i % 2 == 0 { &b } else { &a };
            send(app, &w, "/api/v1/cdrs", json!([cdr(id, &w.sip, *secs)]))
        });
        let now = t0 + Duration::seconds(4 * round);
        let (answers, _, renewed_a, renewed_b) = tokio::join!(
            join_all(asks),
            join_all(cdrs),
            a.state.reservations().renew_ahead(now),
            b.state.reservations().renew_ahead(now),
        );
        renewed_a.unwrap();
        renewed_b.unwrap();
        let held: rust_decimal::Decimal = answers
            .iter()
            .filter_map(|(_, r)| r["reserved"].as_str())
            .map(|r| r.parse::<rust_decimal::Decimal>().unwrap())
            .sum();
        let left = balance(&a, &w).await;
        assert!(held <= left, "round {round}: {held} held of {left}");
        granted = answers
            .iter()
            .filter_map(|(id, r)| {
                let secs = r["max_duration_secs"].as_u64()?;
                (secs > 0).then(|| (id.clone(), secs))
            })
            .collect();
    }
    for (id, secs) in &granted {
        send(&a, &w, "/api/v1/cdrs", json!([cdr(id, &w.sip, *secs)])).await;
    }
    let (_, charges) = stored(&a, &w).await;
    let end = balance(&a, &w).await;
    assert_eq!(end, start - charges, "no debit lost");
    assert!(!end.is_sign_negative(), "{charges} spent of {start}");
    // In the rounds, whether a call asks for a renewal ahead depends on
    // whether it comes before or after a CDR moved the balance (then a
    // call short of money reads it again, and waits), and a renewal ahead
    // skips an account another transaction holds. So a quiet line shows it
    // too: after a top-up, a quote renews the hold (the lease is past), and
    // a quote four seconds later, inside the lease and past the moment to
    // renew ahead, has it renewed ahead.
    top_up(&a, &w, "50.00").await;
    set_clocks([&a, &b], t0 + Duration::seconds(60));
    send(&a, &w, "/api/v1/authorize", quote.clone()).await;
    set_clocks([&a, &b], t0 + Duration::seconds(64));
    let before = renewals(&a).await.1;
    send(&a, &w, "/api/v1/authorize", quote).await;
    renewed_ahead(&a, before).await;
    let (ahead_a, ahead_b) = (renewals(&a).await.1, renewals(&b).await.1);
    assert!(ahead_a + ahead_b > 0, "the renewals ahead ran");
}

/// A staff-created line of `w`'s tenant with `balance` on its prepaid
/// account: its SIP username.
async fn line_with(app: &TestApp, w: &World, n: usize, balance: &str) -> String {
    use crate::authorize::staff;
    use reqwest::Method;
    let plan = crate::authorize::sip_plan(app, &w.op).await;
    let created = staff(
        app,
        &w.op,
        Method::POST,
        "/api/v1/customers",
        json!({"name": format!("Line {n}"), "email": format!("line{n}@example.test"),
               "password": "long password", "services": [{"kind": "sip", "plan_id": plan}]}),
    )
    .await;
    let c = &created["customer"];
    let path = format!(
        "/api/v1/customers/{}/adjustments",
        c["id"].as_str().unwrap()
    );
    staff(
        app,
        &w.op,
        Method::POST,
        &path,
        json!({"amount": balance, "reason": "opening balance"}),
    )
    .await;
    c["services"][0]["username"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn first_calls_of_many_lines_at_once_on_two_instances_each_get_what_their_own_balance_pays() {
    use crate::concurrency::send;
    use futures_util::future::join_all;
    let a = TestApp::spawn().await;
    let b = a.sibling().await;
    set_clocks([&a, &b], t0());
    let w = world(&a, None).await;
    // Eight lines, line n with n.00 (n × 20 minutes at 0.05, less than the
    // 4 hours a call asks for: a first renewal holds all of it).
    let mut lines = Vec::new();
    for n in 1..=8 {
        lines.push(line_with(&a, &w, n, &format!("{n}.00")).await);
    }
    // Every line's first call, on both instances at once: their renewals
    // are made together (a group per tenant, read and written set-wise).
    let asks = lines.iter().enumerate().flat_map(|(n, user)| {
        [&a, &b].map(|app| {
            let body = json!({"service": "sip", "sip_username": user,
                "destination": "+1 555 0100", "call_id": format!("{user}-{}", app.port)});
            let w = &w;
            async move { (n + 1, send(app, w, "/api/v1/authorize", body).await) }
        })
    });
    let answers = join_all(asks).await;
    for n in 1..=8u64 {
        let granted: Vec<u64> = answers
            .iter()
            .filter(|(line, _)| *line as u64 == n)
            .map(|(_, r)| r["max_duration_secs"].as_u64().unwrap())
            .collect();
        // One instance holds all of the line's balance, the other none of it.
        let mut sorted = granted.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, n * 1200], "line {n}: {granted:?}");
    }
}
