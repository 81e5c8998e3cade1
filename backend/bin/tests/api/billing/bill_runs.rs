//! Bill runs: a month of customers, mid-month cancellations, late calls, prepaid statements.

use super::*;

fn lines(detail: &Value) -> Vec<(String, String, String, String)> {
    detail["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["description"].as_str().unwrap().to_owned(),
                l["net"].as_str().unwrap().to_owned(),
                l["tax"].as_str().unwrap().to_owned(),
                l["gross"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn l(d: &str, net: &str, tax: &str, gross: &str) -> (String, String, String, String) {
    (d.into(), net.into(), tax.into(), gross.into())
}

#[tokio::test]
async fn a_month_of_two_customers_bills_once_each_with_every_service() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&app).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([
        {"kind": "calling_card", "plan_id": s.plans["calling_card"]},
        {"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let sip = al["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "sip")
        .unwrap()["username"]
        .clone();
    // Bo starts mid-month: 15 of November's 30 days.
    travel(&app, &mut s.op, at(2026, 11, 16, 9)).await;
    let bo = sign_up(
        &app,
        &s,
        "Bo",
        json!([
        {"kind": "pinless", "plan_id": s.plans["pinless"], "anis": ["+15550100002"]},
        {"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    // Al's calls: 45 s → 48 s → 0.04; 61 s → 66 s → 0.055; 120 s → 0.10.
    let call = |id: &str, secs: u32| {
        json!({"call_id": id, "service": "sip", "sip_username": sip,
        "destination": "+1 555 0100", "start_time": "2026-11-20T10:00:00Z", "duration_secs": secs})
    };
    let posted = post_cdrs(
        &app,
        &s,
        json!([call("a1", 45), call("a2", 61), call("a3", 120)]),
    )
    .await;
    assert_eq!(posted["accepted"], 3);
    // A call of December is not November's.
    post_cdrs(
        &app,
        &s,
        json!([{"call_id": "dec", "service": "sip", "sip_username": sip,
        "destination": "+1 555 0100", "start_time": "2026-12-01T00:00:00Z", "duration_secs": 60}]),
    )
    .await;
    let al_id = al["id"].as_str().unwrap();
    for (d, a) in [("Installation", "25.00"), ("Goodwill", "-5")] {
        staff(
            &app,
            &s.op,
            Method::POST,
            &format!("/api/v1/customers/{al_id}/charges"),
            json!({"description": d, "amount": a}),
        )
        .await;
    }

    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    let run = bill(&app, &s.op, json!({})).await;
    assert_eq!(
        (run["total_accounts"].as_u64(), run["invoices"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(run["done_accounts"], 2);
    assert_eq!(run["invoiced"], "50.04");

    let page = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    assert_eq!(page["total"], 2);
    let find = |cid: &str| {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["customer_id"] == cid)
            .unwrap()
            .clone()
    };
    let al_inv = find(al_id);
    let bo_inv = find(bo["id"].as_str().unwrap());
    assert_eq!(al_inv["number"], "ACME-000001");
    assert_eq!(bo_inv["number"], "ACME-000002");
    assert_eq!(
        (
            al_inv["period_start"].as_str(),
            al_inv["period_end"].as_str()
        ),
        (Some("2026-11-01"), Some("2026-11-30"))
    );
    assert_eq!(al_inv["due_on"], "2026-12-15");
    assert_eq!(al_inv["status"], "open");

    let detail = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/invoices/{}", al_inv["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    assert_eq!(
        lines(&detail),
        vec![
            l("calling_card plan — Calling card", "5.00", "1.00", "6.00"),
            l("sip plan — IP phone (SIP)", "10.00", "2.00", "12.00"),
            l("Calls — IP phone (SIP)", "0.20", "0.04", "0.24"),
            l("Installation", "25.00", "5.00", "30.00"),
            l("Goodwill", "-5.00", "-1.00", "-6.00"),
        ]
    );
    assert_eq!(detail["lines"][2]["calls"], 3);
    assert_eq!(
        (
            al_inv["subtotal"].as_str(),
            al_inv["tax_total"].as_str(),
            al_inv["total"].as_str()
        ),
        (Some("35.20"), Some("7.04"), Some("42.24"))
    );
    let bo_detail = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/invoices/{}", bo_inv["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    assert_eq!(
        lines(&bo_detail),
        vec![
            l(
                "pinless plan — PINless dialing (15 of 30 days)",
                "1.50",
                "0.30",
                "1.80"
            ),
            l(
                "sip plan — IP phone (SIP) (15 of 30 days)",
                "5.00",
                "1.00",
                "6.00"
            ),
        ]
    );

    // Again, the same day or later: nothing is billed twice.
    let again = bill(&app, &s.op, json!({})).await;
    assert_eq!(again["id"], run["id"]);
    let later = bill(&app, &s.op, json!({"as_of": "2026-12-01"})).await;
    assert_eq!(later["invoices"], 2, "the same run");
    let page = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    assert_eq!(page["total"], 2);

    // The balance carries the whole invoice: usage call by call, the rest now.
    let c = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{al_id}"),
        json!(null),
    )
    .await;
    assert_eq!(
        c["account"]["balance"], "-42.29",
        "42.24 billed and December's 0.05 so far"
    );
    crate::books::assert_books_balance(&app, &s.op).await;
}

#[tokio::test]
async fn a_service_cancelled_mid_month_is_billed_for_the_days_it_ran() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&app).await;
    let c = sign_up(
        &app,
        &s,
        "Di",
        json!([
        {"kind": "calling_card", "plan_id": s.plans["calling_card"]},
        {"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let sip = c["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "sip")
        .unwrap()
        .clone();
    let cid = c["id"].as_str().unwrap();
    // Calls need a confirmed e-mail; then the cancelled service is the reason.
    crate::helpers::verify_email(&app, &s.op.host(), "di@example.test").await;
    travel(&app, &mut s.op, at(2026, 11, 11, 12)).await;
    let path = format!(
        "/api/v1/customers/{cid}/services/{}/cancel",
        sip["id"].as_str().unwrap()
    );
    let view = staff(&app, &s.op, Method::POST, &path, json!({})).await;
    let status = view["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == sip["id"])
        .unwrap()["status"]
        .clone();
    assert_eq!(status, "closed");
    let again = app
        .send(
            Method::POST,
            &s.op.host(),
            &path,
            Some(&json!({})),
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(again.status(), 409);
    // No more calls on it.
    let ask =
        json!({"service": "sip", "sip_username": sip["username"], "destination": "+1 555 0100"});
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/authorize",
            Some(&ask),
            Some(&s.key),
        )
        .await;
    let answer: Value = res.json().await.unwrap();
    assert_eq!(answer["reason"], "account_suspended");

    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;
    let page = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let detail = staff(
        &app,
        &s.op,
        Method::GET,
        &format!(
            "/api/v1/invoices/{}",
            page["items"][0]["id"].as_str().unwrap()
        ),
        json!(null),
    )
    .await;
    assert_eq!(
        lines(&detail),
        vec![
            l("calling_card plan — Calling card", "5.00", "1.00", "6.00"),
            l(
                "sip plan — IP phone (SIP) (10 of 30 days)",
                "3.33",
                "0.67",
                "4.00"
            ),
        ]
    );
    crate::books::assert_books_balance(&app, &s.op).await;
}

/// The usage line of an invoice: (calls, net).
async fn calls_line(app: &TestApp, op: &Operator, invoice: &Value) -> (u64, String) {
    let detail = staff(
        app,
        op,
        Method::GET,
        &format!("/api/v1/invoices/{}", invoice["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    let line = detail["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["description"].as_str().unwrap().starts_with("Calls"))
        .cloned()
        .unwrap_or(json!({"calls": 0, "net": "0"}));
    (
        line["calls"].as_u64().unwrap(),
        line["net"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_call_posted_after_its_period_was_billed_goes_on_the_next_invoice_once() {
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
    let sip = al["services"][0]["username"].as_str().unwrap().to_owned();
    let call = |id: &str, start: &str, secs: u32| {
        json!([{"call_id": id, "service": "sip", "sip_username": sip,
            "destination": "+1 555 0100", "start_time": start, "duration_secs": secs}])
    };
    post_cdrs(&app, &s, call("nov-1", "2026-11-20T10:00:00Z", 60)).await;
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;

    // The switch posts a call of November 30th after November was billed,
    // then a December call.
    let late = post_cdrs(&app, &s, call("nov-late", "2026-11-30T23:59:00Z", 120)).await;
    assert_eq!(late["accepted"], 1);
    post_cdrs(&app, &s, call("dec-1", "2026-12-10T10:00:00Z", 60)).await;
    travel(&app, &mut s.op, at(2027, 1, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;

    let page = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let items = page["items"].as_array().unwrap();
    let of = |start: &str| {
        items
            .iter()
            .find(|i| i["period_start"] == start)
            .unwrap()
            .clone()
    };
    // November's invoice is as issued; the late call is on December's.
    assert_eq!(
        calls_line(&app, &s.op, &of("2026-11-01")).await,
        (1, "0.05".into())
    );
    assert_eq!(
        calls_line(&app, &s.op, &of("2026-12-01")).await,
        (2, "0.15".into())
    );

    // And only there: January bills it no more.
    travel(&app, &mut s.op, at(2027, 2, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;
    let page = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let jan = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["period_start"] == "2027-01-01")
        .unwrap()
        .clone();
    assert_eq!(calls_line(&app, &s.op, &jan).await, (0, "0".into()));
    crate::books::assert_books_balance(&app, &s.op).await;
}

#[tokio::test]
async fn a_prepaid_statement_shows_what_the_balance_paid() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&app).await;
    staff(&app, &s.op, Method::PUT, "/api/v1/settings/accounts",
        json!({"pin_length": 10, "account_kind": "prepaid", "default_credit_limit": "0", "billing_day": 1})).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let id = al["id"].as_str().unwrap().to_owned();
    let sip = al["services"][0]["username"].clone();
    staff(
        &app,
        &s.op,
        Method::POST,
        &format!("/api/v1/customers/{id}/adjustments"),
        json!({"amount": "50.00", "reason": "opening top-up"}),
    )
    .await;
    // Two one-minute calls at 0.05.
    let call = |cid: &str| {
        json!({"call_id": cid, "service": "sip", "sip_username": sip,
        "destination": "+1 555 0100", "start_time": "2026-11-20T10:00:00Z", "duration_secs": 60})
    };
    post_cdrs(&app, &s, json!([call("p1"), call("p2")])).await;
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;
    let page = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let inv = &page["items"][0];
    // SIP fee 10.00 + calls 0.10, VAT 20 %: 12.12, all drawn from the balance.
    assert_eq!(inv["total"], "12.12");
    assert_eq!(inv["amount_due"], "0.00");
    assert_eq!(inv["amount_paid"], "12.12", "what the balance paid");
    assert_eq!(inv["status"], "paid");
    let c = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{id}"),
        json!(null),
    )
    .await;
    assert_eq!(c["account"]["balance"], "37.88", "50 − 12.12");
    let pdf = app
        .send(
            Method::GET,
            &s.op.host(),
            &format!("/api/v1/invoices/{}/pdf", inv["id"].as_str().unwrap()),
            None,
            Some(&s.op.access_token),
        )
        .await
        .bytes()
        .await
        .unwrap();
    let text = crate::helpers::pdf_text(&pdf);
    assert!(
        text.contains("Paid from your prepaid balance") && text.contains("12.12 EUR"),
        "{text}"
    );
    crate::books::assert_books_balance(&app, &s.op).await;
}
