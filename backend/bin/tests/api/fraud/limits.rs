//! Concurrent calls, calls per minute and spend, per service and per
//! account; the seller's defaults and a customer's own.

use super::postpaid;
use super::{ask, authorize, cdr, reason, send};
use crate::authorize::world;
use crate::billing::travel;
use crate::helpers::TestApp;
use futures_util::future::join_all;
use reqwest::Method;
use ringledger::clock::Clock;
use serde_json::json;

#[tokio::test]
async fn each_limit_refuses_with_its_own_reason_and_frees_up() {
    let app = TestApp::spawn().await;
    let mut w = world(&app, Some(postpaid())).await;
    let customer = format!("/api/v1/customers/{}/fraud", w.customer_id);

    // Bad limits are named.
    let (status, v) = send(
        &app,
        &w,
        Method::PUT,
        "/api/v1/settings/fraud",
        json!({"limits": {"service": {"concurrent_calls": 0}}}),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("limits.service.concurrent_calls"))
    );
    let (status, v) = send(
        &app,
        &w,
        Method::PUT,
        &customer,
        json!({"limits": {"account": {"spend_per_hour": "-1"}}}),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("limits.account.spend_per_hour"))
    );

    // The seller's default: two calls at once per service.
    let (status, _) = send(
        &app,
        &w,
        Method::PUT,
        "/api/v1/settings/fraud",
        json!({"limits": {"service": {"concurrent_calls": 2}}}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(reason(&app, &w, "a").await, None);
    assert_eq!(reason(&app, &w, "b").await, None);
    assert_eq!(
        reason(&app, &w, "c").await.as_deref(),
        Some("concurrent_limit")
    );
    // A retransmitted INVITE of a call in progress is not a new call.
    assert_eq!(reason(&app, &w, "a").await, None);
    // Asking without holding (an IVR) says the same, and takes nothing.
    let quote = json!({"service": "sip", "sip_username": w.sip, "destination": "+1 212 555 0100", "reserve": false});
    assert_eq!(
        authorize(&app, &w, &quote).await.1.as_deref(),
        Some("concurrent_limit")
    );
    // a's CDR ends it: its slot is free again.
    cdr(&app, &w, "a", 60).await;
    assert_eq!(reason(&app, &w, "c").await, None);
    assert_eq!(
        reason(&app, &w, "d").await.as_deref(),
        Some("concurrent_limit")
    );

    // The customer's own limit replaces the seller's.
    let (status, v) = send(
        &app,
        &w,
        Method::PUT,
        &customer,
        json!({"limits": {"service": {"concurrent_calls": 3}}}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["effective"]["service"]["concurrent_calls"], 3);
    assert_eq!(reason(&app, &w, "d").await, None);
    assert_eq!(
        reason(&app, &w, "e").await.as_deref(),
        Some("concurrent_limit")
    );
    // A call whose CDR never comes frees its slot after its longest
    // duration and the grace period.
    travel(
        &app,
        &mut w.op,
        app.clock().now() + chrono::Duration::hours(6),
    )
    .await;
    assert_eq!(reason(&app, &w, "e").await, None);

    // Calls per minute, per account (a minute after the calls above).
    travel(
        &app,
        &mut w.op,
        app.clock().now() + chrono::Duration::seconds(61),
    )
    .await;
    let (status, v) = send(&app, &w, Method::PUT, &customer,
        json!({"limits": {"account": {"calls_per_minute": 2}, "service": {"concurrent_calls": 100}}})).await;
    assert_eq!(status, 200, "{v}");
    for id in ["f", "g"] {
        assert_eq!(reason(&app, &w, id).await, None, "{id}");
        cdr(&app, &w, id, 6).await;
    }
    assert_eq!(reason(&app, &w, "h").await.as_deref(), Some("rate_limit"));
    travel(
        &app,
        &mut w.op,
        app.clock().now() + chrono::Duration::seconds(61),
    )
    .await;
    assert_eq!(reason(&app, &w, "h").await, None);
    cdr(&app, &w, "h", 6).await;

    // Spend: a call is cut at what the hour's limit leaves; once spent,
    // refused until the next hour.
    travel(
        &app,
        &mut w.op,
        app.clock().now() + chrono::Duration::hours(1),
    )
    .await;
    send(
        &app,
        &w,
        Method::PUT,
        &customer,
        json!({"limits": {"account": {"spend_per_hour": "0.10"}}}),
    )
    .await;
    let (secs, why) = authorize(&app, &w, &ask(&w, "i")).await;
    assert_eq!((secs, why), (120, None), "0.10 at 0.05 a minute");
    cdr(&app, &w, "i", 120).await;
    assert_eq!(reason(&app, &w, "j").await.as_deref(), Some("spend_limit"));
    travel(
        &app,
        &mut w.op,
        app.clock().now() + chrono::Duration::hours(1),
    )
    .await;
    assert_eq!(reason(&app, &w, "j").await, None);

    // Staff read what is set and what applies.
    let (_, v) = send(&app, &w, Method::GET, &customer, json!(null)).await;
    assert_eq!(v["own"]["limits"]["account"]["spend_per_hour"], "0.10");
    assert_eq!(
        v["effective"]["service"]["concurrent_calls"], 2,
        "the seller's"
    );
    let (_, s) = send(&app, &w, Method::GET, "/api/v1/settings/fraud", json!(null)).await;
    assert_eq!(s["limits"]["service"]["concurrent_calls"], 2);

    // Each refusal is in the audit log and on the Calls page: the first of
    // a service and reason in a minute (written in the background).
    let path = format!("/api/v1/cdrs/refused?customer_id={}", w.customer_id);
    let mut reasons = Vec::new();
    for _ in 0..50 {
        let (_, v) = send(&app, &w, Method::GET, &path, json!(null)).await;
        reasons = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["reason"].as_str().unwrap().to_owned())
            .collect();
        if reasons.len() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    reasons.sort();
    assert_eq!(
        reasons,
        ["concurrent_limit", "rate_limit", "spend_limit"],
        "c, d, e and the quote in one minute; h; j"
    );
    let (_, v) = send(
        &app,
        &w,
        Method::GET,
        "/api/v1/audit-events?action=call.refused",
        json!(null),
    )
    .await;
    let items = v["items"].as_array().unwrap();
    let first = &items[items.len() - 1];
    assert_eq!(first["actor_kind"], "switch_key");
    assert_eq!(first["changes"]["destination"]["to"], "+1 212 555 0100");
}

/// N authorizations at once with a limit of k: exactly k are granted —
/// on one instance, and across two sharing the database.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn n_calls_at_once_with_a_limit_of_k_grant_exactly_k() {
    let a = TestApp::spawn().await;
    let b = a.sibling().await;
    let w = world(&a, Some(postpaid())).await;
    send(
        &a,
        &w,
        Method::PUT,
        "/api/v1/settings/fraud",
        json!({"limits": {"account": {"concurrent_calls": 3}}}),
    )
    .await;
    let asks = (0..16).map(|i| {
        let app = if i % 2 == 0 { &a } else { &b };
        let body = ask(&w, &format!("x{i}"));
        let w = &w;
        async move { authorize(app, w, &body).await }
    });
    let answers = join_all(asks).await;
    let granted = answers.iter().filter(|(s, _)| *s > 0).count();
    assert_eq!(granted, 3, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|(s, r)| *s > 0 || r.as_deref() == Some("concurrent_limit"))
    );

    // The granted calls end: each CDR reaches the instance that authorized it.
    for (i, (secs, _)) in answers.iter().enumerate() {
        if *secs > 0 {
            let app = if i % 2 == 0 { &a } else { &b };
            super::cdr(app, &w, &format!("x{i}"), 30).await;
        }
    }

    // One instance alone, the service's counter, k = 4 of 20.
    let customer = format!("/api/v1/customers/{}/fraud", w.customer_id);
    send(&a, &w, Method::PUT, &customer,
        json!({"limits": {"account": {"concurrent_calls": 1000}, "service": {"concurrent_calls": 4}}})).await;
    let asks = (0..20).map(|i| {
        let body = ask(&w, &format!("y{i}"));
        let (app, w) = (&a, &w);
        async move { authorize(app, w, &body).await }
    });
    let answers = join_all(asks).await;
    assert_eq!(
        answers.iter().filter(|(s, _)| *s > 0).count(),
        4,
        "{answers:?}"
    );
}
