//! Invoices: the PDF, the mail with it attached (also after an SMTP outage), credit notes.

use super::*;

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
    // Money reads in minor units, as on the PDF (PostgreSQL's numeric(20,6)
    // once leaked "12.000000 EUR" into this e-mail).
    for label in ["Total: ", "Amount due: "] {
        let figure = mail
            .split(label)
            .nth(1)
            .and_then(|rest| rest.split(" EUR").next())
            .unwrap_or_else(|| panic!("{label} missing from {mail}"));
        let decimals = figure.split('.').nth(1).map_or(0, str::len);
        assert_eq!(decimals, 2, "{label}{figure} EUR in {mail}");
    }
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
