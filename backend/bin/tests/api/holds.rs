//! A prepaid call's money is held across instances for as long as the call
//! may last (`services::reservations`): another instance never hands it out
//! again, even when the line that holds it asks nothing more.

use crate::authorize::{World, top_up, world};
use crate::helpers::TestApp;
use chrono::{Duration, TimeZone, Utc};
use reqwest::Method;
use serde_json::{Value, json};

async fn authorize(app: &TestApp, w: &World, call: &str) -> Value {
    let ask = json!({"service": "sip", "sip_username": w.sip, "destination": "+1 555 0100",
        "call_id": call});
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/authorize",
            Some(&ask),
            Some(&w.key),
        )
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_long_call_on_one_instance_keeps_its_money_held_from_another() {
    let a = TestApp::spawn().await;
    let b = a.sibling().await;
    let t0 = Utc
        .with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
        .single()
        .unwrap();
    for app in [&a, &b] {
        app.clock().set(t0);
    }
    let w = world(&a, None).await;
    top_up(&a, &w, "1.00").await;
    // A grants a call all the balance pays for: 20 minutes at 0.05.
    let first = authorize(&a, &w, "c1").await;
    assert_eq!(first["max_duration_secs"], 1200, "{first}");
    assert_eq!(
        authorize(&b, &w, "c2").await["reason"],
        "insufficient_balance",
        "B: the balance is held by A's call"
    );
    // Ten minutes on, the call still up and its line quiet: B still finds
    // nothing to hand out (A's hold outlives its lease while the call may last).
    for app in [&a, &b] {
        app.clock().set(t0 + Duration::minutes(10));
    }
    assert_eq!(
        authorize(&b, &w, "c3").await["reason"],
        "insufficient_balance",
        "B must not hand out the money of A's call in progress"
    );
    // Once the call could have ended without a CDR (its 20 minutes, the
    // 2-minute grace and the row's minute of slack past), its money is free
    // again.
    for app in [&a, &b] {
        app.clock().set(t0 + Duration::minutes(25));
    }
    let later = authorize(&b, &w, "c4").await;
    assert_eq!(later["max_duration_secs"], 1200, "{later}");
}
