//! Authorizations and CDR batches for one prepaid account at the same
//! moment (run on SQLite and PostgreSQL like the rest of the suite).

use crate::authorize::{World, staff, top_up, world};
use crate::helpers::TestApp;
use futures_util::future::join_all;
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::str::FromStr;

async fn send(app: &TestApp, w: &World, path: &str, body: Value) -> Value {
    let res = app
        .send(Method::POST, &w.op.host(), path, Some(&body), Some(&w.key))
        .await;
    assert_eq!(res.status(), 200, "{path} {body}");
    res.json().await.unwrap()
}

fn cdr(id: &str, user: &str, secs: u64) -> Value {
    json!({"call_id": id, "service": "sip", "sip_username": user, "destination": "+1 555 0100",
           "start_time": "2026-11-20T10:00:00Z", "duration_secs": secs, "media": "audio"})
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap()).unwrap()
}

async fn balance(app: &TestApp, w: &World) -> Decimal {
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

async fn stored(app: &TestApp, w: &World) -> (u64, Decimal) {
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
    let app = TestApp::spawn().await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_calls_at_once_overspend_by_at_most_one_authorized_call() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "1.00").await;
    let start = balance(&app, &w).await;
    let ask = json!({"service": "sip", "sip_username": w.sip, "destination": "+1 555 0100"});
    let answers = join_all((0..2).map(|_| send(&app, &w, "/api/v1/authorize", ask.clone()))).await;
    let secs: Vec<u64> = answers
        .iter()
        .map(|a| a["max_duration_secs"].as_u64().unwrap())
        .collect();
    assert!(secs.iter().all(|s| *s > 0), "{answers:?}");
    // Both calls last as long as they were allowed, and report at once.
    let posts = secs.iter().enumerate().map(|(i, s)| {
        send(
            &app,
            &w,
            "/api/v1/cdrs",
            json!([cdr(&format!("c{i}"), &w.sip, *s)]),
        )
    });
    join_all(posts).await;

    let (count, charges) = stored(&app, &w).await;
    assert_eq!(count, 2);
    let rate = Decimal::new(5, 2);
    let largest_call = Decimal::from(*secs.iter().max().unwrap()) * rate / Decimal::from(60);
    assert!(
        charges <= start + largest_call,
        "{charges} > {start} + {largest_call}"
    );
    assert_eq!(balance(&app, &w).await, start - charges, "no debit lost");
    let refused = send(&app, &w, "/api/v1/authorize", ask).await;
    assert_eq!(refused["authorized"], false);
    assert_eq!(refused["reason"], "insufficient_balance");
}
