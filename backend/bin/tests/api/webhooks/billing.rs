//! The money events: a bill run's invoices and its end, a payment that
//! pays an invoice in full, a refund.

use super::receiver::Receiver;
use super::{register, wait_for};
use crate::authorize::staff;
use crate::billing::{shop, sign_up, travel};
use chrono::{TimeZone, Utc};
use reqwest::Method;
use serde_json::{Value, json};

fn event(g: &super::receiver::Got) -> Value {
    serde_json::from_str(&g.body).unwrap()
}

#[tokio::test]
async fn a_bill_run_a_payment_and_a_refund_are_announced() {
    let app = super::spawn().await;
    app.clock()
        .set(Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap());
    let mut s = shop(&app).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let rx = Receiver::start(0).await;
    register(
        &app,
        &s.op,
        &rx.url,
        &[
            "invoice.issued",
            "invoice.paid",
            "bill_run.finished",
            "payment.succeeded",
            "refund.created",
        ],
    )
    .await;

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(),
    )
    .await;
    let run = crate::billing::bill(&app, &s.op, json!({})).await;
    wait_for(&app, &rx, 2).await;
    let got: Vec<Value> = rx.got().iter().map(event).collect();
    let issued = got
        .iter()
        .find(|e| e["type"] == "invoice.issued")
        .expect("invoice.issued");
    let invoice = &issued["data"]["object"];
    assert_eq!(invoice["object"], "invoice");
    assert_eq!(invoice["customer_id"], al["id"]);
    assert_eq!(invoice["status"], "open");
    assert_eq!(
        invoice["total"], "12.00",
        "the SIP plan's 10.00 and 20 % VAT: {invoice}"
    );
    assert!(invoice["number"].as_str().unwrap().starts_with("ACME-"));
    let finished = got
        .iter()
        .find(|e| e["type"] == "bill_run.finished")
        .expect("bill_run.finished");
    assert_eq!(finished["data"]["object"]["id"], run["id"]);
    assert_eq!(finished["data"]["object"]["invoices"], 1);

    // A payment by hand that covers the invoice: paid, then the invoice.
    let id = al["id"].as_str().unwrap();
    let paid = staff(
        &app,
        &s.op,
        Method::POST,
        &format!("/api/v1/customers/{id}/payments"),
        json!({"amount": "12.00", "invoice_id": invoice["id"], "reference": "bank 42"}),
    )
    .await;
    wait_for(&app, &rx, 4).await;
    let got: Vec<Value> = rx.got().iter().map(event).collect();
    let kinds: Vec<_> = got[2..]
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["payment.succeeded", "invoice.paid"]);
    assert_eq!(got[2]["data"]["object"]["amount"], "12.00");
    assert_eq!(got[3]["data"]["object"]["status"], "paid");

    // A refund of part of it.
    let payment = paid["id"]
        .as_str()
        .or(paid["payment"]["id"].as_str())
        .expect("payment id")
        .to_owned();
    staff(
        &app,
        &s.op,
        Method::POST,
        &format!("/api/v1/payments/{payment}/refunds"),
        json!({"amount": "2.00", "reason": "goodwill"}),
    )
    .await;
    wait_for(&app, &rx, 5).await;
    let refund = event(rx.got().last().unwrap());
    assert_eq!(refund["type"], "refund.created");
    assert_eq!(refund["data"]["object"]["amount"], "2.00");
    assert_eq!(refund["data"]["object"]["payment_id"], payment.as_str());
    assert!(rx.got().iter().all(|g| g.status == 200));
}
