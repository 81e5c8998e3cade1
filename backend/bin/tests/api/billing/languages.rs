//! The customer's language: its e-mails and its invoice PDF are written in
//! it (dates `dd/mm/yyyy`, amounts `12,00 EUR` in Spanish and French), and
//! it is one its seller offers.

use super::*;
use crate::helpers::{error_of, pdf_text, verify_email, wait_for_mail_with};

/// Signs a customer up with a SIP phone, in `locale` (`None`: not named).
async fn sign_up_in(app: &TestApp, s: &Shop, name: &str, locale: Option<&str>) -> Value {
    let body = json!({"name": name, "email": format!("{}@example.test", name.to_lowercase()),
        "password": "long password", "locale": locale,
        "services": [{"kind": "sip", "plan_id": s.plans["sip"]}]});
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

/// The verified customer's access token.
async fn customer_login(app: &TestApp, s: &Shop, email: &str) -> String {
    verify_email(app, &s.op.host(), email).await;
    crate::helpers::customer_token(app, &s.op.host(), email).await
}

async fn set_language(app: &TestApp, s: &Shop, token: &str, locale: &str) -> reqwest::Response {
    app.send(
        Method::PUT,
        &s.op.host(),
        "/api/v1/my/language",
        Some(&json!({ "locale": locale })),
        Some(token),
    )
    .await
}

/// The subject of the newest e-mail to `to` from this server whose text
/// contains `needle` (read from the SMTP server's API; `None` without one).
async fn subject_of(app: &TestApp, to: &str, needle: &str) -> Option<String> {
    let api = std::env::var("RINGLEDGER_TEST_MAILDEV_API").ok()?;
    let mails: Vec<Value> = reqwest::get(format!("{api}/email"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let own = format!(":{}/", app.port);
    let found = mails.iter().rev().find(|m| {
        m["to"]
            .as_array()
            .is_some_and(|t| t.iter().any(|a| a["address"].as_str() == Some(to)))
            && m["text"]
                .as_str()
                .is_some_and(|t| t.contains(&own) && t.contains(needle))
    });
    Some(found?["subject"].as_str().unwrap_or_default().to_owned())
}

fn assert_all(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

fn assert_none(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(!text.contains(needle), "{needle:?} in:\n{text}");
    }
}

#[tokio::test]
async fn a_spanish_customer_reads_its_invoice_mail_and_pdf_in_spanish() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&app).await;
    sign_up_in(&app, &s, "Ana", None).await;
    sign_up_in(&app, &s, "Bo", None).await;
    let token = customer_login(&app, &s, "ana@example.test").await;
    let res = set_language(&app, &s, &token, "es").await;
    assert_eq!(res.status(), 200);
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    bill(&app, &s.op, json!({})).await;

    // Ana's e-mail is in Spanish: words, amounts, dates.
    let mail = wait_for_mail_with(&app, "ana@example.test", "Pagar ahora").await;
    assert_all(
        &mail,
        &[
            "Hola Ana:",
            "Le adjuntamos su factura ACME-00000",
            "de acme Telecom correspondiente al periodo del 01/11/2026 al 30/11/2026.",
            "Importe total: 12,00 EUR",
            "Importe a pagar: 12,00 EUR, a más tardar el 15/12/2026",
            "/account/invoices/",
        ],
    );
    assert_none(&mail, &["Hello", "Amount due", "2026-12-15", "12.00"]);
    let number = mail
        .split("su factura ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();
    if let Some(subject) = subject_of(&app, "ana@example.test", "Pagar ahora").await {
        assert_eq!(subject, format!("Factura {number} de acme Telecom"));
    }
    assert!(
        crate::helpers::mail_has_attachment(&app, "ana@example.test", &format!("{number}.pdf"))
            .await
    );

    // Bo, who chose nothing, reads English (the seller's default), as ever.
    let bo = wait_for_mail_with(&app, "bo@example.test", "Pay now").await;
    assert_all(
        &bo,
        &[
            "Hello Bo,\n\nyour invoice ACME-00000",
            "from acme Telecom for 2026-11-01 to 2026-11-30 is attached.\nTotal: 12.00 EUR\n\
             Amount due: 12.00 EUR by 2026-12-15\n\nPay now: ",
        ],
    );
    if let Some(subject) = subject_of(&app, "bo@example.test", "Pay now").await {
        assert!(subject.starts_with("Invoice ACME-00000"), "{subject}");
        assert!(subject.ends_with(" from acme Telecom"), "{subject}");
    }

    // Her PDF: Spanish labels, dd/mm/yyyy dates, decimal commas.
    let page = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let id = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["number"] == number.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
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
    let text = pdf_text(&res.bytes().await.unwrap());
    assert_all(
        &text,
        &[
            "FACTURA",
            &number,
            "Emisor",
            "Facturar a",
            "NIF: GB123456789",
            "Periodo",
            "del 01/11/2026 al 30/11/2026",
            "Fecha de emisión",
            "01/12/2026",
            "Vencimiento",
            "15/12/2026",
            "Moneda",
            "Descripción",
            "Llamadas",
            "Importe",
            "Teléfono IP (SIP)",
            "10,00",
            "Base imponible",
            "Impuestos",
            "12,00 EUR",
            "Saldo anterior",
            "Pagos y recargas recibidos",
            "Importe a pagar",
            "Pagar ahora:",
            "acme Telecom — factura",
        ],
    );
    assert_none(
        &text,
        &["INVOICE", "Bill to", "Amount due", "2026-12-01", "12.00"],
    );
}

#[tokio::test]
async fn a_french_sign_up_is_asked_to_confirm_its_address_in_french() {
    let app = TestApp::spawn().await;
    let s = shop(&app).await;
    let lea = sign_up_in(&app, &s, "Lea", Some("fr")).await;
    assert_eq!(lea["locale"], "fr", "{lea}");
    let mail = wait_for_mail_with(&app, "lea@example.test", "token=").await;
    assert_all(
        &mail,
        &[
            "Bonjour Lea,\n\nBienvenue chez acme Telecom. Confirmez votre adresse e-mail pour activer votre compte :",
            "/verify-email?token=",
            "Le lien est valable 7 jours. Si vous ne vous êtes pas inscrit, ignorez ce message.",
            "\n\nacme Telecom\n",
        ],
    );
    assert_none(&mail, &["Hello", "Confirm your e-mail"]);
    if let Some(subject) = subject_of(&app, "lea@example.test", "token=").await {
        assert_eq!(subject, "Confirmez votre adresse e-mail pour acme Telecom");
    }
    // The link in it works.
    customer_login(&app, &s, "lea@example.test").await;
}

#[tokio::test]
async fn a_customer_chooses_only_a_language_its_seller_offers() {
    let app = TestApp::spawn().await;
    let s = shop(&app).await;
    sign_up_in(&app, &s, "Ana", None).await;
    let token = customer_login(&app, &s, "ana@example.test").await;

    // A language Ringledger does not speak.
    let (status, _, field) = error_of(set_language(&app, &s, &token, "de").await).await;
    assert_eq!((status, field.as_deref()), (400, Some("locale")));

    // One the seller no longer offers.
    let mut brand = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/settings/brand",
        json!(null),
    )
    .await;
    brand["languages"] = json!(["en"]);
    let saved = staff(&app, &s.op, Method::PUT, "/api/v1/settings/brand", brand).await;
    assert_eq!(saved["languages"], json!(["en"]));
    let (status, _, field) = error_of(set_language(&app, &s, &token, "es").await).await;
    assert_eq!((status, field.as_deref()), (400, Some("locale")));

    // One it offers.
    let res = set_language(&app, &s, &token, "en").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["locale"], "en");
}
