//! Authorizations and CDR batches for one prepaid account at the same
//! moment (run on SQLite and PostgreSQL like the rest of the suite).

use crate::authorize::{World, staff, top_up, world};
use crate::helpers::TestApp;
use futures_util::future::join_all;
use reqwest::Method;
use ringledger::clock::Clock;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::str::FromStr;

pub async fn send(app: &TestApp, w: &World, path: &str, body: Value) -> Value {
    let res = app
        .send(Method::POST, &w.op.host(), path, Some(&body), Some(&w.key))
        .await;
    assert_eq!(res.status(), 200, "{path} {body}");
    res.json().await.unwrap()
}

pub fn cdr(id: &str, user: &str, secs: u64) -> Value {
    json!({"call_id": id, "service": "sip", "sip_username": user, "destination": "+1 555 0100",
           "start_time": "2026-11-20T10:00:00Z", "duration_secs": secs, "media": "audio"})
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap()).unwrap()
}

pub async fn balance(app: &TestApp, w: &World) -> Decimal {
    let c = staff(
        app,
        &w.op,
        Method::GET,
        &format!("/api/v1/customers/{}", w.customer_id),
        json!(null),
    )
    .await;
    dec(&c["account"]["balance"])
}

pub async fn stored(app: &TestApp, w: &World) -> (u64, Decimal) {
    let page = staff(
        app,
        &w.op,
        Method::GET,
        "/api/v1/cdrs?status=rated&limit=500",
        json!(null),
    )
    .await;
    let charges = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| dec(&c["charge"]))
        .sum();
    (page["total"].as_u64().unwrap(), charges)
}

async fn usage_in_ledger(app: &TestApp, w: &World) -> Decimal {
    let ledger = staff(
        app,
        &w.op,
        Method::GET,
        &format!("/api/v1/customers/{}/ledger", w.customer_id),
        json!(null),
    )
    .await;
    ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "usage")
        .map(|e| dec(&e["amount"]))
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_batches_bill_every_call_once_and_lose_no_debit() {
    bill_every_call_once(TestApp::spawn().await).await;
}

/// The same, every batch locking its accounts last on PostgreSQL (by
/// default only batches of 100 records or more do).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_batches_locking_last_bill_every_call_once() {
    bill_every_call_once(TestApp::spawn_with(|s| s.cdr_lock_last_from = 1).await).await;
}

/// Ten batches at once for one account, three of them sharing call ids:
/// each call billed once, no debit lost.
async fn bill_every_call_once(app: TestApp) {
    let w = world(&app, None).await;
    top_up(&app, &w, "10.00").await;
    let start = balance(&app, &w).await;
    // Ten batches at once: five calls of their own each, plus a call that
    // three batches share (a switch retrying on another connection).
    let batches = (0..10).map(|i| {
        let mut calls: Vec<Value> = (0..5)
            .map(|j| cdr(&format!("b{i}-{j}"), &w.sip, 60))
            .collect();
        calls.push(cdr(&format!("shared-{}", i % 3), &w.sip, 60));
        send(&app, &w, "/api/v1/cdrs", Value::Array(calls))
    });
    let answers = join_all(batches).await;
    let accepted: u64 = answers
        .iter()
        .map(|a| a["accepted"].as_u64().unwrap())
        .sum();
    let duplicates: u64 = answers
        .iter()
        .map(|a| a["duplicates"].as_u64().unwrap())
        .sum();
    assert_eq!((accepted, duplicates), (53, 7), "each call billed once");

    let (count, charges) = stored(&app, &w).await;
    assert_eq!(count, 53);
    assert_eq!(charges, Decimal::new(265, 2), "53 minutes at 0.05");
    assert_eq!(balance(&app, &w).await, start - charges, "no debit lost");
    assert_eq!(usage_in_ledger(&app, &w).await, -charges);
}

/// Batches drawing one allowance at once cover what it holds, no more: on
/// PostgreSQL each rates on what it read unlocked, and a batch whose
/// allowance another drew meanwhile starts over with its account locked
/// first (`cdr_ingest::snapshot`). These batches are small, so they are
/// made to lock last as large ones do.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_batches_draw_an_allowance_once() {
    let app = TestApp::spawn_with(|s| s.cdr_lock_last_from = 1).await;
    let w = world(&app, None).await;
    let (user, customer) = crate::cdrs::bundled_customer(&app, &w, "bo@example.test", 10).await;
    let w = World {
        customer_id: customer,
        ..w
    };
    let start = balance(&app, &w).await;
    let now = chrono::Utc::now();
    // Eight batches of three one-minute calls at once: 24 minutes, 10 covered.
    let batches = (0..8).map(|i| {
        let calls: Vec<Value> = (0..3)
            .map(|j| {
                let mut c = cdr(&format!("a{i}-{j}"), &user, 60);
                c["start_time"] = (now + chrono::Duration::seconds(i * 3 + j))
                    .to_rfc3339()
                    .into();
                c
            })
            .collect();
        send(&app, &w, "/api/v1/cdrs", Value::Array(calls))
    });
    let accepted: u64 = join_all(batches)
        .await
        .iter()
        .map(|a| a["accepted"].as_u64().unwrap())
        .sum();
    assert_eq!(accepted, 24);
    let page = staff(
        &app,
        &w.op,
        Method::GET,
        "/api/v1/cdrs?status=rated&limit=500",
        json!(null),
    )
    .await;
    let items = page["items"].as_array().unwrap();
    let covered: i64 = items
        .iter()
        .map(|c| c["covered_secs"].as_i64().unwrap())
        .sum();
    let charges: Decimal = items.iter().map(|c| dec(&c["charge"])).sum();
    assert_eq!(covered, 600, "the ten minutes covered once");
    assert_eq!(charges, Decimal::new(70, 2), "14 minutes at 0.05");
    assert_eq!(balance(&app, &w).await, start - charges, "no debit lost");
    assert_eq!(usage_in_ledger(&app, &w).await, -charges);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn n_calls_at_once_never_spend_more_than_the_balance() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "1.00").await;
    let start = balance(&app, &w).await;
    // Twelve calls at once: each is held its money, so together they
    // cannot be granted more than the balance pays for.
    let asks = (0..12).map(|i| {
        let ask = json!({"service": "sip", "sip_username": w.sip, "destination": "+1 555 0100",
            "call_id": format!("c{i}")});
        let app = &app;
        let w = &w;
        async move { (i, send(app, w, "/api/v1/authorize", ask).await) }
    });
    let answers = join_all(asks).await;
    let reserved: Decimal = answers
        .iter()
        .filter_map(|(_, a)| a["reserved"].as_str())
        .map(|r| Decimal::from_str(r).unwrap())
        .sum();
    assert!(reserved <= start, "{reserved} held of {start}");
    let granted: Vec<(usize, u64)> = answers
        .iter()
        .map(|(i, a)| (*i, a["max_duration_secs"].as_u64().unwrap()))
        .filter(|(_, s)| *s > 0)
        .collect();
    assert!(!granted.is_empty());
    // Every granted call lasts as long as it was allowed, and reports at once.
    let posts = granted.iter().map(|(i, s)| {
        send(
            &app,
            &w,
            "/api/v1/cdrs",
            json!([cdr(&format!("c{i}"), &w.sip, *s)]),
        )
    });
    join_all(posts).await;
    let (_, charges) = stored(&app, &w).await;
    assert!(charges <= start, "{charges} spent of {start}");
    let end = balance(&app, &w).await;
    assert_eq!(end, start - charges, "no debit lost");
    assert!(!end.is_sign_negative(), "{end}");
}

#[tokio::test]
async fn a_cdr_settles_its_reservation_and_an_unsettled_one_expires() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "1.00").await;
    let ask = |id: &str| json!({"service": "sip", "sip_username": w.sip, "destination": "+1 555 0100", "call_id": id});
    // The first call holds the whole balance (20 minutes at 0.05).
    let a = send(&app, &w, "/api/v1/authorize", ask("a")).await;
    assert_eq!(a["max_duration_secs"], 1200);
    assert_eq!(a["reserved"], "1.0000");
    // Asked again (a retransmitted INVITE): the same answer, held once.
    let again = send(&app, &w, "/api/v1/authorize", ask("a")).await;
    assert_eq!(again["max_duration_secs"], 1200);
    let b = send(&app, &w, "/api/v1/authorize", ask("b")).await;
    assert_eq!(
        (b["authorized"].as_bool(), b["reason"].as_str()),
        (Some(false), Some("insufficient_balance"))
    );
    // a ends after one minute: 0.05 spent, the other 0.95 free again.
    send(&app, &w, "/api/v1/cdrs", json!([cdr("a", &w.sip, 60)])).await;
    let b = send(&app, &w, "/api/v1/authorize", ask("b")).await;
    assert_eq!(b["max_duration_secs"], 1140, "0.95 at 0.05/min");
    // b's CDR never comes: its hold expires after its longest duration
    // and the grace period, and the money is free again.
    let c = send(&app, &w, "/api/v1/authorize", ask("c")).await;
    assert_eq!(c["authorized"], false);
    assert_eq!(balance(&app, &w).await, Decimal::new(95, 2));
    let later = app.clock().now() + chrono::Duration::seconds(1140 + 121);
    app.clock().set(later);
    let c = send(&app, &w, "/api/v1/authorize", ask("c")).await;
    assert_eq!(c["max_duration_secs"], 1140);
    // Asking without holding (an IVR announcing minutes) holds nothing.
    let quote = json!({"service": "sip", "sip_username": w.sip, "destination": "+1 555 0100", "reserve": false});
    let q = send(&app, &w, "/api/v1/authorize", quote).await;
    assert_eq!(
        (q["max_duration_secs"].as_u64(), q["reserved"].as_str()),
        (Some(0), None)
    );
}
