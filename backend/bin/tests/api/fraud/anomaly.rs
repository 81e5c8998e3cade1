//! Spend far above an account's usual hour suspends the service that
//! spent it, tells the customer and the operator, and holds until staff
//! release it.

use super::postpaid;
use super::{ask, authorize, cdr, reason, send};
use crate::authorize::world;
use crate::billing::travel;
use crate::helpers::{TestApp, wait_for_mail_with};
use reqwest::Method;
use ringledger::clock::Clock;
use serde_json::{Value, json};

#[tokio::test]
async fn anomalous_spend_suspends_the_service_until_staff_release_it() {
    let app = TestApp::spawn().await;
    let mut w = world(&app, Some(postpaid())).await;
    let (status, v) = send(
        &app,
        &w,
        Method::PUT,
        "/api/v1/settings/fraud",
        json!({"anomaly_factor": 1, "anomaly_floor": "0.10"}),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("anomaly_factor"))
    );
    // More than 5 × 0.10 in an hour is anomalous for a new account.
    send(
        &app,
        &w,
        Method::PUT,
        "/api/v1/settings/fraud",
        json!({"anomaly_factor": 5, "anomaly_floor": "0.10"}),
    )
    .await;
    assert_eq!(reason(&app, &w, "a").await, None);
    cdr(&app, &w, "a", 600).await; // 0.50: not above 0.50
    assert_eq!(reason(&app, &w, "b").await, None);
    cdr(&app, &w, "b", 60).await; // 0.55 in the hour
    assert_eq!(
        reason(&app, &w, "c").await.as_deref(),
        Some("fraud_suspended")
    );

    // The customer and the operator's owner are told, once.
    let to_customer = wait_for_mail_with(&app, "al@example.test", "stopped its calls").await;
    assert!(to_customer.contains("0.55 EUR"), "{to_customer}");
    let to_owner = wait_for_mail_with(&app, &w.op.email, "Fraud control suspended").await;
    assert!(to_owner.contains("Al"), "{to_owner}");

    // Staff see it, and the audit log has it.
    let customer = format!("/api/v1/customers/{}/fraud", w.customer_id);
    let (_, v) = send(&app, &w, Method::GET, &customer, json!(null)).await;
    let suspensions = v["suspensions"].as_array().unwrap();
    assert_eq!(suspensions.len(), 1, "{v}");
    assert_eq!(suspensions[0]["hour_spend"], "0.5500");
    let service = suspensions[0]["service_id"].as_str().unwrap().to_owned();
    let (_, events) = send(
        &app,
        &w,
        Method::GET,
        "/api/v1/audit-events?action=service.fraud_suspended",
        json!(null),
    )
    .await;
    assert_eq!(
        events["items"].as_array().map(Vec::len),
        Some(1),
        "{events}"
    );

    // Released: calls go ahead, and the rest of the hour is not looked at
    // again.
    let release = format!(
        "/api/v1/customers/{}/services/{service}/release",
        w.customer_id
    );
    let (status, v) = send(&app, &w, Method::POST, &release, json!(null)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["suspensions"], json!([]));
    let (status, _) = send(&app, &w, Method::POST, &release, json!(null)).await;
    assert_eq!(status, 409, "not suspended any more");
    assert_eq!(reason(&app, &w, "c").await, None);
    cdr(&app, &w, "c", 60).await;
    let (secs, why) = authorize(&app, &w, &ask(&w, "d")).await;
    assert!(secs > 0, "{why:?}");
    let (_, events) = send(
        &app,
        &w,
        Method::GET,
        "/api/v1/audit-events?action=service.fraud_released",
        json!(null),
    )
    .await;
    assert_eq!(events["items"].as_array().map(Vec::len), Some(1));

    // A day of steady spend later, the same hour's spend is usual.
    for h in 0..24 {
        travel(
            &app,
            &mut w.op,
            app.clock().now() + chrono::Duration::hours(1),
        )
        .await;
        cdr(&app, &w, &format!("steady-{h}"), 300).await; // 0.25 an hour
    }
    let (_, v) = send(&app, &w, Method::GET, &customer, json!(null)).await;
    assert_eq!(v["suspensions"], json!([]));
    assert_eq!(reason(&app, &w, "e").await, None);
}

#[tokio::test]
async fn without_fraud_rules_nothing_is_metered_or_refused() {
    let app = TestApp::spawn().await;
    let w = world(&app, Some(postpaid())).await;
    for i in 0..3 {
        let id = format!("n{i}");
        assert_eq!(reason(&app, &w, &id).await, None);
        cdr(&app, &w, &id, 600).await;
    }
    let (_, v): (u16, Value) = send(
        &app,
        &w,
        Method::GET,
        &format!("/api/v1/customers/{}/fraud", w.customer_id),
        json!(null),
    )
    .await;
    assert_eq!(v["suspensions"], json!([]));
    assert_eq!(
        v["effective"]["account"],
        json!({"concurrent_calls": null, "calls_per_minute": null,
        "spend_per_hour": null, "spend_per_day": null})
    );
}
