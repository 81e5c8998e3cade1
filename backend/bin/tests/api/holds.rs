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
    let t0 = Utc
        .with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
        .single()
        .unwrap();
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
