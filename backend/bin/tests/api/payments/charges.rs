//! Saved cards charged automatically: invoices with retries and suspension, auto top-up.

use super::*;
use crate::billing::post_cdrs;

#[tokio::test]
async fn issued_invoices_are_charged_retried_then_services_stop_until_paid() {
    let (app, fake) = with_stripe().await;
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&app).await;
    connect(&app, &s).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let bo = sign_up(
        &app,
        &s,
        "Bo",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let al_token = customer_token(&app, &s, "al@example.test").await;
    let bo_token = customer_token(&app, &s, "bo@example.test").await;
    save_card(&app, &fake, &s, &al_token, "4242424242424242").await;
    save_card(&app, &fake, &s, &bo_token, "5555555555554444").await;

    // Bo's first charge is declined.
    fake.decline_next_charge(SECRET);
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;
    ringledger::services::payments::auto::charge_due(&app.state)
        .await
        .unwrap();
    ringledger::services::payments::auto::charge_due(&app.state)
        .await
        .unwrap();
    let charges: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/payment_intents")
        .collect();
    assert_eq!(charges.len(), 2, "one attempt each, not more");
    assert!(
        charges
            .iter()
            .all(|c| c.param("off_session") == Some("true") && c.param("amount") == Some("1200"))
    );
    let invoices = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let status_of = |v: &Value, cid: &str| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["customer_id"] == cid)
            .unwrap()["status"]
            .clone()
    };
    // Whichever was charged first met the decline: call that one Bo.
    let first: Value = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{}/payments", al["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    let (al, bo, bo_email) = if first["items"][0]["status"] == "pending" {
        (bo, al, "al@example.test")
    } else {
        (al, bo, "bo@example.test")
    };
    let al_id = al["id"].as_str().unwrap();
    let bo_id = bo["id"].as_str().unwrap();
    let al_payments = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{al_id}/payments"),
        json!(null),
    )
    .await;
    assert_eq!(status_of(&invoices, al_id), "paid", "{al_payments}");
    assert_eq!(status_of(&invoices, bo_id), "open");
    let bo_payments = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}/payments"),
        json!(null),
    )
    .await;
    let attempt = &bo_payments["items"][0];
    assert_eq!(
        (attempt["status"].as_str(), attempt["attempts"].as_u64()),
        (Some("pending"), Some(1))
    );
    assert!(attempt["failure"].as_str().unwrap().contains("declined"));
    let mut mails = 0;
    for _ in 0..100 {
        // The payment's id: the SMTP server of the suite is shared by runs.
        let reference = format!("Payment reference: {}", attempt["id"].as_str().unwrap());
        mails = crate::helpers::count_mail(&app, bo_email, &reference).await;
        if mails > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(mails, 1, "the customer is told once per failed attempt");
    let ledger = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}/ledger"),
        json!(null),
    )
    .await;
    assert_eq!(ledger_kinds(&ledger, "payment_failed"), 1);

    // Declined again a day later, and at the last retry: given up.
    for day in [2, 4] {
        fake.decline_next_charge(SECRET);
        travel(&app, &mut s.op, at(2026, 12, day, 7)).await;
        ringledger::services::payments::auto::charge_due(&app.state)
            .await
            .unwrap();
    }
    let bo_payments = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}/payments"),
        json!(null),
    )
    .await;
    assert_eq!(bo_payments["items"][0]["status"], "failed");
    assert_eq!(bo_payments["items"][0]["attempts"], 3);

    // Due on the 15th, grace 3 days: on the 19th Bo's services stop.
    travel(&app, &mut s.op, at(2026, 12, 18, 7)).await;
    ringledger::services::payments::auto::pass(&app.state)
        .await
        .unwrap();
    let c = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}"),
        json!(null),
    )
    .await;
    assert_eq!(c["account"]["status"], "active", "still in grace");
    travel(&app, &mut s.op, at(2026, 12, 19, 7)).await;
    ringledger::services::payments::auto::pass(&app.state)
        .await
        .unwrap();
    let c = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}"),
        json!(null),
    )
    .await;
    assert_eq!(c["account"]["status"], "unpaid");
    let sip = bo["services"][0]["username"].clone();
    let auth = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/authorize",
            Some(&json!({"service": "sip", "sip_username": sip, "destination": "+15550100"})),
            Some(&s.key),
        )
        .await;
    let v: Value = auth.json().await.unwrap();
    assert_eq!(v["reason"], "account_suspended", "{v}");

    // Bo pays from the portal: services resume at once.
    let inv = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/invoices?status=overdue",
        json!(null),
    )
    .await;
    let inv_id = inv["items"][0]["id"].as_str().unwrap();
    let bo_token = customer_token(&app, &s, bo_email).await;
    let v: Value = my(
        &app,
        &s,
        &bo_token,
        Method::POST,
        &format!("/api/v1/my/invoices/{inv_id}/checkout"),
        json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    let session = session_of(&v);
    fake.pay_checkout(&session, "4242424242424242")
        .await
        .unwrap();
    let c = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{bo_id}"),
        json!(null),
    )
    .await;
    assert_eq!(c["account"]["status"], "active");
    crate::books::assert_books_balance(&app, &s.op).await;
}

#[tokio::test]
async fn auto_top_up_charges_the_saved_card_once_when_the_balance_falls_below() {
    let (app, fake) = with_stripe().await;
    app.clock().set(at(2026, 11, 1, 9));
    let s = shop(&app).await;
    staff(&app, &s.op, Method::PUT, "/api/v1/settings/accounts",
        json!({"pin_length": 10, "account_kind": "prepaid", "default_credit_limit": "0", "billing_day": 1})).await;
    connect(&app, &s).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let al_id = al["id"].as_str().unwrap();
    staff(
        &app,
        &s.op,
        Method::POST,
        &format!("/api/v1/customers/{al_id}/adjustments"),
        json!({"amount": "5.15", "reason": "opening balance"}),
    )
    .await;
    let token = customer_token(&app, &s, "al@example.test").await;
    // Auto top-up needs a card first.
    let res = my(
        &app,
        &s,
        &token,
        Method::PUT,
        "/api/v1/my/auto-top-up",
        json!({"enabled": true, "below": "5", "amount": "20"}),
    )
    .await;
    assert_eq!(res.status(), 409);
    save_card(&app, &fake, &s, &token, "4242424242424242").await;
    let res = my(
        &app,
        &s,
        &token,
        Method::PUT,
        "/api/v1/my/auto-top-up",
        json!({"enabled": true, "below": "5", "amount": "0"}),
    )
    .await;
    let (status, _, field) = error_of(res).await;
    assert_eq!((status, field.as_deref()), (400, Some("amount")));
    let res = my(
        &app,
        &s,
        &token,
        Method::PUT,
        "/api/v1/my/auto-top-up",
        json!({"enabled": true, "below": "5", "amount": "20"}),
    )
    .await;
    assert_eq!(res.status(), 200);

    // Two quick batches take the balance under 5: one top-up of 20.
    let sip = al["services"][0]["username"].clone();
    let call = |id: &str| {
        json!({"call_id": id, "service": "sip", "sip_username": sip,
        "destination": "+1 555 0100", "start_time": "2026-11-02T10:00:00Z", "duration_secs": 120})
    };
    post_cdrs(&app, &s, json!([call("c1")])).await;
    post_cdrs(&app, &s, json!([call("c2")])).await;
    let mut balance = String::new();
    for _ in 0..100 {
        let c = staff(
            &app,
            &s.op,
            Method::GET,
            &format!("/api/v1/customers/{al_id}"),
            json!(null),
        )
        .await;
        balance = c["account"]["balance"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if balance.starts_with("24.95") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        balance.parse::<rust_decimal::Decimal>().unwrap(),
        rust_decimal::Decimal::new(2495, 2),
        "5.15 - 0.10 - 0.10 + 20"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let charges = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/payment_intents")
        .count();
    assert_eq!(charges, 1);
    let pays = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{al_id}/payments"),
        json!(null),
    )
    .await;
    let top: Vec<_> = pays["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["purpose"] == "auto_top_up")
        .collect();
    assert_eq!(top.len(), 1);
    assert_eq!(top[0]["status"], "succeeded");
    crate::books::assert_books_balance(&app, &s.op).await;
}
