//! Bill runs and invoices, in the style of Lago's billing scenarios: a
//! month of customers with several services, a mid-month start, usage,
//! one-off charges and credits, taxes; numbering, idempotency, the PDF,
//! the e-mail with the PDF attached, credit notes, the customer's view.

use crate::authorize::staff;
use crate::catalog::{DECK, upload};
use crate::helpers::{Operator, TestApp};
use chrono::{TimeZone, Utc};
use reqwest::Method;
use serde_json::{Value, json};

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap()
}

pub struct Shop {
    pub op: Operator,
    pub plans: Value,
    pub key: String,
}

/// A postpaid operator billing on the 1st, VAT 20 % on net prices, plans
/// with monthly fees (card 5, PINless 3, SIP 10) on the test deck.
pub async fn shop(app: &TestApp) -> Shop {
    let op = app.operator("acme").await;
    staff(app, &op, Method::PUT, "/api/v1/settings/accounts",
        json!({"pin_length": 10, "account_kind": "postpaid", "default_credit_limit": "100", "billing_day": 1})).await;
    staff(app, &op, Method::PUT, "/api/v1/settings/billing",
        json!({"invoice_prefix": "ACME-", "address": "1 Main Street\nSpringfield", "tax_id": "GB123456789",
               "tax_mode": "exclusive", "payment_terms_days": 14,
               "tax_rates": [{"country": "", "name": "VAT", "rate": "20"}]})).await;
    let deck: Value = upload(app, &op, "name=Retail&effective_from=2020-01-01", DECK)
        .await
        .json()
        .await
        .unwrap();
    let mut plans = json!({});
    for (kind, fee) in [
        ("calling_card", "5.00"),
        ("pinless", "3.00"),
        ("sip", "10.00"),
    ] {
        let p = staff(app, &op, Method::POST, "/api/v1/plans",
            json!({"name": format!("{kind} plan"), "service_kind": kind, "deck_id": deck["deck"]["id"], "monthly_fee": fee})).await;
        plans[kind] = p["id"].clone();
    }
    let key = staff(
        app,
        &op,
        Method::POST,
        "/api/v1/switch-keys",
        json!({"name": "sw"}),
    )
    .await;
    Shop {
        op,
        plans,
        key: key["key"].as_str().unwrap().to_owned(),
    }
}

/// Moves the clock and signs the operator in again (access tokens expire
/// against the application clock).
pub async fn travel(app: &TestApp, op: &mut Operator, to: chrono::DateTime<Utc>) {
    app.clock().set(to);
    let body = json!({"email": op.email, "password": op.password});
    let v: Value = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/auth/login",
            Some(&body),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    op.access_token = v["access_token"].as_str().unwrap().to_owned();
}

pub async fn sign_up(app: &TestApp, s: &Shop, name: &str, services: Value) -> Value {
    let body = json!({"name": name, "email": format!("{}@example.test", name.to_lowercase()),
        "password": "long password", "services": services});
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    res.json::<Value>().await.unwrap()["customer"].clone()
}

pub async fn post_cdrs(app: &TestApp, s: &Shop, cdrs: Value) -> Value {
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/cdrs",
            Some(&cdrs),
            Some(&s.key),
        )
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Starts a bill run and waits for it to finish.
pub async fn bill(app: &TestApp, op: &Operator, body: Value) -> Value {
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/bill-runs",
            Some(&body),
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 202, "{body}");
    let run: Value = res.json().await.unwrap();
    for _ in 0..200 {
        let now = staff(
            app,
            op,
            Method::GET,
            &format!("/api/v1/bill-runs/{}", run["id"].as_str().unwrap()),
            json!(null),
        )
        .await;
        if now["status"] == "done" {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the bill run did not finish");
}

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
async fn invoices_are_pdfs_mailed_voided_by_credit_notes_and_seen_by_their_customer() {
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
    let mail = crate::helpers::wait_for_mail_with(&app, "al@example.test", "token=").await;
    let token = mail
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let verified = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/my/verify-email",
            Some(&json!({"token": token})),
            None,
        )
        .await;
    assert!(verified.status().is_success());
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;
    let page = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/invoices?status=open",
        json!(null),
    )
    .await;
    let id = page["items"][0]["id"].as_str().unwrap().to_owned();

    // The PDF.
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
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = crate::helpers::pdf_text(&pdf);
    for needle in [
        "ACME-000001",
        "acme Telecom",
        "Al",
        "al@example.test",
        "GB123456789",
        "Springfield",
        "IP phone (SIP)",
        "12.00 EUR",
        "Pay now",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }

    // The e-mail, with the PDF attached.
    let mail = crate::helpers::wait_for_mail_with(&app, "al@example.test", "ACME-000001").await;
    assert!(mail.contains("ACME-000001"), "{mail}");
    assert!(crate::helpers::mail_has_attachment(&app, "al@example.test", "ACME-000001.pdf").await);

    // The customer sees it and downloads it; not Bo's.
    let login: Value = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": "al@example.test", "password": "long password"})),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap();
    let mine: Value = app
        .send(
            Method::GET,
            &s.op.host(),
            "/api/v1/my/invoices",
            None,
            Some(token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["customer_id"], al["id"]);
    let res = app
        .send(
            Method::GET,
            &s.op.host(),
            &format!("/api/v1/my/invoices/{id}/pdf"),
            None,
            Some(token),
        )
        .await;
    assert_eq!(res.status(), 200);

    // Voided only by a credit note, once.
    let note = app
        .send(
            Method::POST,
            &s.op.host(),
            &format!("/api/v1/invoices/{id}/credit-note"),
            Some(&json!({"reason": "Billing error"})),
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(note.status(), 201);
    let note: Value = note.json().await.unwrap();
    assert_eq!(
        (note["number"].as_str(), note["amount"].as_str()),
        (Some("CN-000001"), Some("12.00"))
    );
    let again = app
        .send(
            Method::POST,
            &s.op.host(),
            &format!("/api/v1/invoices/{id}/credit-note"),
            Some(&json!({"reason": "Twice"})),
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(again.status(), 409);
    let void = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/invoices?status=void",
        json!(null),
    )
    .await;
    assert_eq!(void["total"], 1);
    let c = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/customers/{}", al["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    assert_eq!(
        c["account"]["balance"], "0",
        "the credit note gave the 12.00 back"
    );

    // Bad input names its field; another tenant sees nothing.
    let bad = app
        .send(
            Method::GET,
            &s.op.host(),
            "/api/v1/invoices?status=lost",
            None,
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(
        crate::helpers::error_of(bad).await.2.as_deref(),
        Some("status")
    );
    let bad = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/bill-runs",
            Some(&json!({"as_of": "2027-01-01"})),
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(
        crate::helpers::error_of(bad).await.2.as_deref(),
        Some("as_of")
    );
    let other = app.operator("other").await;
    for path in [
        format!("/api/v1/invoices/{id}"),
        format!("/api/v1/invoices/{id}/pdf"),
    ] {
        let res = app
            .send(
                Method::GET,
                &other.host(),
                &path,
                None,
                Some(&other.access_token),
            )
            .await;
        assert_eq!(res.status(), 404, "{path}");
    }
    // Nor can it act on Acme's invoice, customer, service or run.
    let al_id = al["id"].as_str().unwrap();
    let service = al["services"][0]["id"].as_str().unwrap();
    let runs = staff(&app, &s.op, Method::GET, "/api/v1/bill-runs", json!(null)).await;
    let run = runs[0]["id"].as_str().unwrap();
    for (method, path) in [
        (Method::POST, format!("/api/v1/invoices/{id}/credit-note")),
        (Method::POST, format!("/api/v1/customers/{al_id}/charges")),
        (
            Method::POST,
            format!("/api/v1/customers/{al_id}/services/{service}/cancel"),
        ),
        (Method::GET, format!("/api/v1/bill-runs/{run}")),
    ] {
        let body = json!({"reason": "x", "description": "x", "amount": "1"});
        let res = app
            .send(
                method,
                &other.host(),
                &path,
                Some(&body),
                Some(&other.access_token),
            )
            .await;
        assert_eq!(res.status(), 404, "{path}");
    }
    let listed = app
        .send(
            Method::GET,
            &other.host(),
            "/api/v1/invoices",
            None,
            Some(&other.access_token),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(listed["total"], 0);
    crate::books::assert_books_balance(&app, &s.op).await;
}

/// A minimal SMTP server that records each message's data.
async fn fake_smtp(
    listener: tokio::net::TcpListener,
    got: std::sync::Arc<tokio::sync::Mutex<Vec<String>>>,
) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            return;
        };
        let got = got.clone();
        tokio::spawn(async move {
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            let _ = write.write_all(b"220 fake ESMTP\r\n").await;
            let mut data: Option<String> = None;
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(body) = data.as_mut() {
                    if line == "." {
                        got.lock().await.push(data.take().unwrap_or_default());
                        let _ = write.write_all(b"250 queued\r\n").await;
                    } else {
                        body.push_str(&line);
                        body.push('\n');
                    }
                    continue;
                }
                let reply: &[u8] = match line.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
                    "EHLO" | "HELO" => b"250 fake\r\n",
                    "DATA" => {
                        data = Some(String::new());
                        b"354 go on\r\n"
                    }
                    "QUIT" => {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    }
                    _ => b"250 ok\r\n",
                };
                let _ = write.write_all(reply).await;
            }
        });
    }
}

#[tokio::test]
async fn invoice_mail_waits_out_an_smtp_outage_and_is_sent_once() {
    // A port with no SMTP server behind it (yet).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::spawn_with(|s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}").into());
    })
    .await;
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&app).await;
    sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;
    // The invoice is issued even though nothing can be sent.
    let page = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    assert_eq!(page["total"], 1);
    let sent = ringledger::email::flush(&app.state).await.unwrap();
    assert_eq!(sent, 0, "the SMTP server is down");

    // It comes back; once the backoff has passed, the mail goes, once.
    let got = std::sync::Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    tokio::spawn(fake_smtp(listener, got.clone()));
    app.clock().set(at(2026, 12, 1, 8));
    for _ in 0..3 {
        ringledger::email::flush(&app.state).await.unwrap();
    }
    let got = got.lock().await;
    let invoices: Vec<&String> = got.iter().filter(|m| m.contains("ACME-000001")).collect();
    assert_eq!(invoices.len(), 1, "sent exactly once");
    assert!(invoices[0].contains("application/pdf"));
}

/// A small deterministic generator (no test depends on the machine's luck).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn dec(v: &Value) -> rust_decimal::Decimal {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn generated_usage_reconciles_with_the_invoices() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 10, 20, 9));
    let mut s = shop(&app).await;
    let mut rng = Lcg(42);
    let mut people = Vec::new();
    for i in 0..6 {
        let mut services = vec![json!({"kind": "sip", "plan_id": s.plans["sip"]})];
        if i % 2 == 0 {
            services.push(json!({"kind": "calling_card", "plan_id": s.plans["calling_card"]}));
        }
        let c = sign_up(&app, &s, &format!("Gen{i}"), Value::Array(services)).await;
        people.push(c);
    }
    // Calls from late October to early December, some to unpriced places.
    let mut batch = Vec::new();
    for (n, c) in people.iter().enumerate() {
        for k in 0..40 {
            let svc = &c["services"].as_array().unwrap()
                [(rng.next(10) as usize) % c["services"].as_array().unwrap().len()];
            let day = 25 + rng.next(40); // Oct 25 .. Dec 3
            let (m, d) = if day <= 31 {
                (10, day)
            } else if day <= 61 {
                (11, day - 31)
            } else {
                (12, day - 61)
            };
            let (m, d) = if m == 11 && d > 30 {
                (12, d - 30)
            } else {
                (m, d)
            };
            let dest = ["1555", "447700900", "4420", "33123"][rng.next(4) as usize];
            let mut rec = json!({"call_id": format!("g{n}-{k}"), "service": svc["kind"], "destination": format!("{dest}{}", rng.next(10_000)),
                "start_time": format!("2026-{m:02}-{d:02}T{:02}:{:02}:00Z", rng.next(24), rng.next(60)), "duration_secs": rng.next(900)});
            if svc["kind"] == "sip" {
                rec["sip_username"] = svc["username"].clone();
            } else {
                rec["pin"] = svc["pin"].clone();
            }
            batch.push(rec);
        }
    }
    app.clock().set(at(2026, 12, 3, 12));
    let posted = post_cdrs(&app, &s, Value::Array(batch)).await;
    assert!(posted["accepted"].as_u64().unwrap() > 100, "{posted}");

    travel(&app, &mut s.op, at(2026, 12, 4, 6)).await;
    bill(&app, &s.op, json!({"as_of": "2026-12-04"})).await;
    let page = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/invoices?limit=50",
        json!(null),
    )
    .await;
    assert_eq!(page["total"], 6);
    for inv in page["items"].as_array().unwrap() {
        let detail = staff(
            &app,
            &s.op,
            Method::GET,
            &format!("/api/v1/invoices/{}", inv["id"].as_str().unwrap()),
            json!(null),
        )
        .await;
        let lines = detail["lines"].as_array().unwrap();
        let sum = |f: &str| {
            lines
                .iter()
                .map(|l| dec(&l[f]))
                .sum::<rust_decimal::Decimal>()
        };
        assert_eq!(
            sum("gross"),
            dec(&inv["total"]),
            "lines add up to the total"
        );
        assert_eq!(sum("net"), dec(&inv["subtotal"]));
        assert_eq!(sum("tax"), dec(&inv["tax_total"]));
        // Usage lines = November's rated calls of the customer, per service.
        let cdrs = staff(
            &app,
            &s.op,
            Method::GET,
            &format!(
                "/api/v1/cdrs?customer_id={}&status=rated&limit=500",
                inv["customer_id"].as_str().unwrap()
            ),
            json!(null),
        )
        .await;
        for kind in ["sip", "calling_card"] {
            let calls: Vec<&Value> = cdrs["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| {
                    c["service_kind"] == kind
                        && c["start_time"].as_str().unwrap().starts_with("2026-11")
                })
                .collect();
            let raw: rust_decimal::Decimal = calls.iter().map(|c| dec(&c["charge"])).sum();
            let line = lines
                .iter()
                .find(|l| l["kind"] == "usage" && l["service_kind"] == kind);
            match line {
                Some(l) => {
                    assert_eq!(l["calls"].as_u64().unwrap() as usize, calls.len(), "{kind}");
                    assert_eq!(
                        dec(&l["net"]),
                        ringledger_shared::money::round_half_away(raw, 2),
                        "{kind}: {raw}"
                    );
                }
                None => assert!(calls.is_empty(), "{kind}: {} calls not billed", calls.len()),
            }
        }
    }
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
