//! `GET /api/v1/payments` and its CSV export: every payment of the seller,
//! filtered, with its customer; another tenant's are never there.

use crate::authorize::staff;
use crate::billing::{shop, sign_up};
use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

async fn get(app: &TestApp, op: &crate::helpers::Operator, path: &str) -> Value {
    staff(app, op, Method::GET, path, json!(null)).await
}

async fn pay(
    app: &TestApp,
    op: &crate::helpers::Operator,
    id: &str,
    amount: &str,
    reference: &str,
) -> Value {
    let path = format!("/api/v1/customers/{id}/payments");
    staff(
        app,
        op,
        Method::POST,
        &path,
        json!({"amount": amount, "reference": reference}),
    )
    .await
}

#[tokio::test]
async fn the_payments_page_lists_filters_and_exports_every_payment() {
    let app = TestApp::spawn().await;
    let s = shop(&app).await;
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
    let al_id = al["id"].as_str().unwrap();
    let first = pay(&app, &s.op, al_id, "20.00", "bank 1").await;
    pay(&app, &s.op, bo["id"].as_str().unwrap(), "5.50", "=cash").await;
    staff(
        &app,
        &s.op,
        Method::POST,
        &format!("/api/v1/payments/{}/refunds", first["id"].as_str().unwrap()),
        json!({"amount": "2.00", "reason": "goodwill"}),
    )
    .await;

    let all = get(&app, &s.op, "/api/v1/payments").await;
    assert_eq!(all["total"], 2, "{all}");
    let items = all["items"].as_array().unwrap();
    assert_eq!(items[0]["customer_name"], "Bo", "newest first");
    assert_eq!(items[0]["amount"], "5.50");
    assert_eq!(items[1]["customer_email"], "al@example.test");
    assert_eq!(items[1]["refunded"], "2.00");
    assert_eq!(items[1]["refunds"][0]["reason"], "goodwill");

    for (query, want) in [
        ("status=refunded", 1),
        ("status=succeeded", 2),
        ("status=failed", 0),
        ("method=manual", 2),
        ("method=card", 0),
        ("from=2000-01-01&to=2100-01-01", 2),
        ("from=2100-01-01", 0),
        ("limit=1", 2),
    ] {
        let page = get(&app, &s.op, &format!("/api/v1/payments?{query}")).await;
        assert_eq!(page["total"], want, "{query}: {page}");
    }
    let page = get(&app, &s.op, "/api/v1/payments?limit=1&offset=1").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["customer_name"], "Al");
    let mine = get(
        &app,
        &s.op,
        &format!("/api/v1/payments?customer_id={al_id}"),
    )
    .await;
    assert_eq!(mine["total"], 1);

    for (query, field) in [
        ("status=paid", "status"),
        ("method=cheque", "method"),
        ("from=yesterday", "from"),
        ("limit=1000", "limit"),
        ("customer_id=x", "customer_id"),
    ] {
        let res = app
            .send(
                Method::GET,
                &s.op.host(),
                &format!("/api/v1/payments?{query}"),
                None,
                Some(&s.op.access_token),
            )
            .await;
        let (status, _, f) = error_of(res).await;
        assert_eq!((status, f.as_deref()), (400, Some(field)), "{query}");
    }

    // The CSV: a header, one line a payment, cells that cannot run as formulas.
    let res = app
        .send(
            Method::GET,
            &s.op.host(),
            "/api/v1/payments/export.csv?method=manual",
            None,
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let csv = res.text().await.unwrap();
    let lines: Vec<_> = csv.lines().collect();
    assert!(
        lines[0].starts_with("created_at,settled_at,customer,email,purpose,method,status,amount"),
        "{csv}"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[1].contains("Bo,bo@example.test") && lines[1].contains("'=cash"),
        "{csv}"
    );
    assert!(lines[2].contains(",2.00,"), "{csv}");

    // Another tenant sees none of them, and cannot name Al.
    let other = app.operator("other").await;
    assert_eq!(get(&app, &other, "/api/v1/payments").await["total"], 0);
    let res = app
        .send(
            Method::GET,
            &other.host(),
            &format!("/api/v1/payments?customer_id={al_id}"),
            None,
            Some(&other.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.0, 404);
}
