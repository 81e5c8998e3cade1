//! The itemized call appendix of an invoice (issue 24): a customer asks for
//! it, or the seller itemizes every invoice; the numbers are masked as the
//! seller chose, and the calls billed are exactly the period's.

use super::*;
use crate::helpers::{pdf_text, verify_email};

async fn pdf(app: &TestApp, s: &Shop, id: &str) -> String {
    let res = app
        .send(
            Method::GET,
            &s.op.host(),
            &format!("/api/v1/invoices/{id}/pdf"),
            None,
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    pdf_text(&res.bytes().await.unwrap())
}

#[tokio::test]
async fn the_invoice_lists_every_call_when_the_customer_or_the_seller_asks() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&app).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    verify_email(&app, &s.op.host(), "al@example.test").await;
    let sip = al["services"][0]["username"].as_str().unwrap().to_owned();
    let call = |id: &str, to: &str, secs: u32, at: &str| {
        json!({"call_id": id, "service": "sip", "sip_username": sip,
        "destination": to, "start_time": at, "duration_secs": secs})
    };
    // Two calls in November, one in December (the next invoice's).
    post_cdrs(
        &app,
        &s,
        json!([
            call("n1", "15550100123", 45, "2026-11-20T10:00:00Z"),
            call("n2", "447700900456", 61, "2026-11-21T11:30:00Z"),
            call("d1", "15550100999", 30, "2026-12-01T01:00:00Z"),
        ]),
    )
    .await;
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;
    let page = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let id = page["items"][0]["id"].as_str().unwrap().to_owned();

    // Nobody asked: no appendix.
    assert!(!pdf(&app, &s, &id).await.contains("Itemized calls"));

    // The customer asks for it on its own invoices.
    let token = &crate::helpers::customer_token(&app, &s.op.host(), "al@example.test").await;
    let res = app
        .send(
            Method::PUT,
            &s.op.host(),
            "/api/v1/my/itemized-invoices",
            Some(&json!({"itemized": true})),
            Some(token),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap()["itemized_invoices"],
        true
    );
    let res = app
        .send(
            Method::PUT,
            &s.op.host(),
            "/api/v1/my/itemized-invoices",
            Some(&json!({"itemized": "yes"})),
            Some(token),
        )
        .await;
    assert_eq!(
        crate::helpers::error_of(res).await.2.as_deref(),
        Some("itemized")
    );

    let text = pdf(&app, &s, &id).await;
    for needle in [
        "Itemized calls",
        "2026-11-20 10:00:00",
        "15550100123",
        "2026-11-21 11:30:00",
        "447700900456",
        "2 calls",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    // December's call is the next invoice's.
    assert!(!text.contains("15550100999"), "{text}");

    // The customer turns it off; staff turn it on for it (asked by phone):
    // audited, and another operator's staff cannot find the customer.
    let off = app
        .send(
            Method::PUT,
            &s.op.host(),
            "/api/v1/my/itemized-invoices",
            Some(&json!({"itemized": false})),
            Some(token),
        )
        .await;
    assert_eq!(off.status(), 200);
    assert!(!pdf(&app, &s, &id).await.contains("Itemized calls"));
    let al_id = al["id"].as_str().unwrap();
    let path = format!("/api/v1/customers/{al_id}/itemized-invoices");
    let other = app.operator("other").await;
    let res = app
        .send(
            Method::PUT,
            &other.host(),
            &path,
            Some(&json!({"itemized": true})),
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let view = staff(&app, &s.op, Method::PUT, &path, json!({"itemized": true})).await;
    assert_eq!(view["account"]["itemized_invoices"], true);
    assert!(pdf(&app, &s, &id).await.contains("Itemized calls"));
    let events = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/audit-events?action=customer.itemized_changed",
        json!(null),
    )
    .await;
    assert_eq!(
        events["items"].as_array().map(Vec::len),
        Some(1),
        "{events}"
    );

    // The seller masks the last three digits and itemizes every invoice:
    // the customer's own choice no longer matters.
    let mut settings = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/settings/billing",
        json!(null),
    )
    .await;
    settings["mask_called_digits"] = json!(3);
    settings["itemized_invoices"] = json!(true);
    let saved = staff(
        &app,
        &s.op,
        Method::PUT,
        "/api/v1/settings/billing",
        settings,
    )
    .await;
    assert_eq!(saved["itemized_invoices"], true);
    app.send(
        Method::PUT,
        &s.op.host(),
        "/api/v1/my/itemized-invoices",
        Some(&json!({"itemized": false})),
        Some(token),
    )
    .await;
    let text = pdf(&app, &s, &id).await;
    assert!(text.contains("Itemized calls"), "{text}");
    assert!(
        text.contains("15550100xxx") && text.contains("447700900xxx"),
        "{text}"
    );
    assert!(!text.contains("15550100123"), "{text}");
}
