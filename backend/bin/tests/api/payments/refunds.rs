//! Refunds, full and partial: Stripe, the ledger and the invoice.

use super::*;

#[tokio::test]
async fn refunds_full_and_partial_reach_stripe_the_ledger_and_the_invoice() {
    let (app, fake) = with_stripe().await;
    let (s, al, invoice) = billed_customer(&app).await;
    connect(&app, &s).await;
    let token = customer_token(&app, &s, "al@example.test").await;
    let inv = invoice["id"].as_str().unwrap();
    let v: Value = my(
        &app,
        &s,
        &token,
        Method::POST,
        &format!("/api/v1/my/invoices/{inv}/checkout"),
        json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    let payment = v["payment_id"].as_str().unwrap().to_owned();
    let session = session_of(&v);
    fake.pay_checkout(&session, "4242424242424242")
        .await
        .unwrap();

    let path = format!("/api/v1/payments/{payment}/refunds");
    let part = staff(
        &app,
        &s.op,
        Method::POST,
        &path,
        json!({"amount": "2.50", "reason": "call quality"}),
    )
    .await;
    assert_eq!(part["refunded"], "2.50");
    let req = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/refunds")
        .unwrap();
    assert_eq!(req.param("amount"), Some("250"));
    assert!(
        req.idempotency_key
            .as_deref()
            .unwrap()
            .starts_with("refund:")
    );
    let detail = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/invoices/{inv}"),
        json!(null),
    )
    .await;
    assert_eq!(
        (
            detail["invoice"]["status"].as_str(),
            detail["invoice"]["amount_paid"].as_str()
        ),
        (Some("open"), Some("9.50"))
    );

    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            &path,
            Some(&json!({"amount": "10", "reason": "too much"})),
            Some(&s.op.access_token),
        )
        .await;
    let (status, _, field) = error_of(res).await;
    assert_eq!((status, field.as_deref()), (400, Some("amount")));
    let rest = staff(
        &app,
        &s.op,
        Method::POST,
        &path,
        json!({"reason": "cancelled"}),
    )
    .await;
    assert_eq!(rest["refunded"], "12.00");
    assert_eq!(rest["refunds"].as_array().unwrap().len(), 2);
    let cid = al["id"].as_str().unwrap();
    let ledger = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{cid}/ledger"),
        json!(null),
    )
    .await;
    assert_eq!(
        ledger_kinds(&ledger, "refund"),
        2,
        "charge.refunded webhooks add nothing: {ledger}"
    );

    // Another operator sees none of it.
    let other = app.operator("other").await;
    let res = app
        .send(
            Method::POST,
            &other.host(),
            &path,
            Some(&json!({"reason": "x"})),
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .send(
            Method::GET,
            &other.host(),
            &format!("/api/v1/customers/{cid}/payments"),
            None,
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .send(
            Method::POST,
            &other.host(),
            &format!("/api/v1/customers/{cid}/payments"),
            Some(&json!({"amount": "1", "reference": "x"})),
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    crate::books::assert_books_balance(&app, &s.op).await;
}
