//! Deliveries: signed, retried, in order per object, given up, replayed.

use super::receiver::Receiver;
use super::{call, register, sign_in_again, spawn, wait_for};
use crate::authorize::world;
use reqwest::Method;
use serde_json::{Value, json};

/// Runs the documented Python verifier on a delivery.
fn snippet_accepts(secret: &str, header: &str, body: &str) -> bool {
    use std::io::Write;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/webhooks/verify.py");
    let mut child = std::process::Command::new("python3")
        .args([script, secret, header])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs the documented verifier");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    child.wait().unwrap().success()
}

fn body(g: &super::receiver::Got) -> Value {
    serde_json::from_str(&g.body).unwrap()
}

#[tokio::test]
async fn a_failing_receiver_gets_each_event_once_in_order_after_it_recovers() {
    let app = spawn().await;
    let w = world(&app, None).await;
    let rx = Receiver::start(2).await;
    let e = register(
        &app,
        &w.op,
        &rx.url,
        &["customer.created", "customer.status_changed"],
    )
    .await;
    let secret = e["secret"].as_str().unwrap().to_owned();

    // Created, suspended, reactivated: three events about one customer.
    let (_, plans) = call(&app, &w.op, Method::GET, "/api/v1/plans", None).await;
    let plan = plans["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["service_kind"] == "sip")
        .unwrap()["id"]
        .clone();
    let (status, created) = call(
        &app,
        &w.op,
        Method::POST,
        "/api/v1/customers",
        Some(
            json!({"name": "Cy", "email": "cy@example.test", "password": "long password",
                    "services": [{"kind": "sip", "plan_id": plan}]}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["customer"]["id"].as_str().unwrap().to_owned();
    for action in ["suspend", "reactivate"] {
        let (status, v) = call(
            &app,
            &w.op,
            Method::POST,
            &format!("/api/v1/customers/{id}/{action}"),
            None,
        )
        .await;
        assert_eq!(status, 200, "{action}: {v}");
    }

    // The first attempt fails; the later events of the same customer wait
    // behind it instead of overtaking it.
    wait_for(&app, &rx, 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(rx.got().len(), 1, "{:?}", rx.got());
    assert_eq!(body(&rx.got()[0])["type"], "customer.created");

    // Retried after its back-off (a minute), fails again; then recovers.
    app.clock().advance(chrono::Duration::seconds(61));
    wait_for(&app, &rx, 2).await;
    app.clock().advance(chrono::Duration::minutes(3));
    wait_for(&app, &rx, 5).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    ringledger_core::webhooks::flush(&app.state).await.unwrap();
    let got = rx.got();
    assert_eq!(got.len(), 5, "each event delivered once: {got:?}");
    let accepted = rx.accepted();
    let kinds: Vec<_> = accepted
        .iter()
        .map(|g| body(g)["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "customer.created",
            "customer.status_changed",
            "customer.status_changed"
        ]
    );
    let statuses: Vec<_> = accepted[1..]
        .iter()
        .map(|g| body(g)["data"]["object"]["account_status"].clone())
        .collect();
    assert_eq!(statuses, [json!("suspended"), json!("active")]);
    // A retry repeats the event id; each event has its own.
    assert_eq!(got[0].event_id, got[2].event_id);
    assert_eq!(body(&got[2])["id"], got[2].event_id.as_str());
    let mut ids: Vec<_> = accepted.iter().map(|g| g.event_id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    assert!(ids.iter().all(|i| i.starts_with("evt_")));
    let first = body(&accepted[0]);
    assert_eq!(first["object"], "event");
    assert_eq!(first["data"]["object"]["id"], id.as_str());
    assert_eq!(first["data"]["object"]["object"], "customer");
    assert_eq!(first["data"]["object"]["email"], "cy@example.test");

    // Signed with the endpoint's secret: our verifier and the documented
    // snippet accept it; a changed body or another secret is refused.
    let g = &accepted[0];
    let now = chrono::Utc::now().timestamp();
    assert_eq!(
        ringledger_core::signature::verify(
            g.body.as_bytes(),
            Some(&g.signature),
            &secret,
            now,
            300
        ),
        Ok(())
    );
    assert!(snippet_accepts(&secret, &g.signature, &g.body));
    assert!(!snippet_accepts(
        &secret,
        &g.signature,
        &g.body.replace("Cy", "Cz")
    ));
    assert!(!snippet_accepts("whsec_other", &g.signature, &g.body));

    // The console's list: newest first, with status, code and latency.
    let path = format!(
        "/api/v1/webhook-endpoints/{}/deliveries",
        e["id"].as_str().unwrap()
    );
    let (status, page) = call(&app, &w.op, Method::GET, &path, None).await;
    assert_eq!(status, 200, "{page}");
    let list = page["deliveries"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    let oldest = &list[2];
    assert_eq!(oldest["event_type"], "customer.created");
    assert_eq!(oldest["status"], "delivered");
    assert_eq!(oldest["attempts"], 3);
    assert_eq!(oldest["response_code"], 200);
    assert!(oldest["latency_ms"].is_i64());
    assert!(oldest["next_attempt_at"].is_null());

    // Replay: the same event id again, as a new delivery.
    let replay = format!("{path}/{}/replay", oldest["id"].as_str().unwrap());
    let (status, again) = call(&app, &w.op, Method::POST, &replay, None).await;
    assert_eq!(status, 202, "{again}");
    assert_eq!(again["replay_of"], oldest["id"]);
    wait_for(&app, &rx, 6).await;
    let last = rx.got().last().cloned().unwrap();
    assert_eq!(last.event_id, got[0].event_id);
    assert_eq!(last.status, 200);
    let (_, page) = call(&app, &w.op, Method::GET, &path, None).await;
    assert_eq!(page["deliveries"].as_array().unwrap().len(), 4);
    assert_eq!(page["deliveries"][0]["status"], "delivered");
    // Paging: one at a time, then the next older.
    let (_, one) = call(&app, &w.op, Method::GET, &format!("{path}?limit=1"), None).await;
    assert_eq!(one["deliveries"].as_array().unwrap().len(), 1);
    let before = one["next_before"].as_str().unwrap();
    let (_, two) = call(
        &app,
        &w.op,
        Method::GET,
        &format!("{path}?limit=1&before={before}"),
        None,
    )
    .await;
    assert_eq!(two["deliveries"][0]["id"], page["deliveries"][1]["id"]);
    rx.stop().await;
}

#[tokio::test]
async fn a_delivery_is_given_up_three_days_after_its_event() {
    let app = spawn().await;
    let w = world(&app, None).await;
    let rx = Receiver::start(usize::MAX).await;
    let e = register(&app, &w.op, &rx.url, &["customer.status_changed"]).await;
    let id = &w.customer_id;
    let (status, _) = call(
        &app,
        &w.op,
        Method::POST,
        &format!("/api/v1/customers/{id}/suspend"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    wait_for(&app, &rx, 1).await;
    // Retried while the receiver keeps failing...
    let mut seen = 1;
    for _ in 0..40 {
        app.clock().advance(chrono::Duration::hours(6));
        ringledger_core::webhooks::flush(&app.state).await.unwrap();
        seen = rx.got().len();
    }
    assert!((5..=20).contains(&seen), "{seen} attempts in ten days");
    let op = sign_in_again(&app, &w.op).await;
    let path = format!(
        "/api/v1/webhook-endpoints/{}/deliveries",
        e["id"].as_str().unwrap()
    );
    let (_, page) = call(&app, &op, Method::GET, &path, None).await;
    let d = &page["deliveries"][0];
    assert_eq!(d["status"], "failed", "{d}");
    assert_eq!(d["response_code"], 500);
    assert_eq!(d["attempts"], seen as i64);
    // ...and nothing more after it was given up.
    app.clock().advance(chrono::Duration::days(1));
    ringledger_core::webhooks::flush(&app.state).await.unwrap();
    assert_eq!(rx.got().len(), seen);
    // The next event of the same customer is not held behind it.
    rx.fail_next(0);
    let op = sign_in_again(&app, &op).await;
    let (status, _) = call(
        &app,
        &op,
        Method::POST,
        &format!("/api/v1/customers/{id}/reactivate"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    wait_for(&app, &rx, seen + 1).await;
    assert_eq!(rx.got().last().unwrap().status, 200);
    let (_, list) = call(&app, &op, Method::GET, "/api/v1/webhook-endpoints", None).await;
    assert_eq!(list[0]["failed"], 1);
    assert_eq!(list[0]["pending"], 0);
}

#[tokio::test]
async fn a_paused_endpoint_gets_nothing_and_cannot_replay() {
    let app = spawn().await;
    let w = world(&app, None).await;
    let rx = Receiver::start(0).await;
    let e = register(&app, &w.op, &rx.url, &["customer.status_changed"]).await;
    let endpoint = format!("/api/v1/webhook-endpoints/{}", e["id"].as_str().unwrap());
    let id = &w.customer_id;
    call(
        &app,
        &w.op,
        Method::POST,
        &format!("/api/v1/customers/{id}/suspend"),
        None,
    )
    .await;
    wait_for(&app, &rx, 1).await;
    let (status, _) = call(
        &app,
        &w.op,
        Method::PATCH,
        &endpoint,
        Some(json!({"enabled": false})),
    )
    .await;
    assert_eq!(status, 200);
    call(
        &app,
        &w.op,
        Method::POST,
        &format!("/api/v1/customers/{id}/reactivate"),
        None,
    )
    .await;
    ringledger_core::webhooks::flush(&app.state).await.unwrap();
    assert_eq!(rx.got().len(), 1, "nothing is sent to a paused endpoint");
    let (_, page) = call(
        &app,
        &w.op,
        Method::GET,
        &format!("{endpoint}/deliveries"),
        None,
    )
    .await;
    let first = page["deliveries"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let (status, v) = call(
        &app,
        &w.op,
        Method::POST,
        &format!(
            "{endpoint}/deliveries/{}/replay",
            first["id"].as_str().unwrap()
        ),
        None,
    )
    .await;
    assert_eq!(status, 409, "{v}");
}
