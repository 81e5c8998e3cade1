//! The platform's "Sign in to your console": a portal address answers with
//! its console's sign-in page; an e-mail address gets its consoles by mail,
//! and the answer never tells whether it signs in anywhere.

use crate::helpers::{TestApp, count_mail, error_of, wait_for_mail_with};
use serde_json::{Value, json};

const PATH: &str = "/api/v1/tenants/find-console";

#[tokio::test]
async fn a_portal_address_answers_with_its_sign_in_page() {
    let app = TestApp::spawn().await;
    app.operator("acme").await;
    let login = format!("http://acme.localhost:{}/login", app.port);
    for typed in [
        "acme",
        " ACME ",
        "acme.localhost",
        "https://acme.localhost:9999/console?x=1",
    ] {
        let res = app.post(PATH, &json!({ "address": typed })).await;
        assert_eq!(res.status(), 200, "{typed}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["login_url"], login, "{typed}");
        assert_eq!(v["emailed"], false);
    }
    // No portal, the platform itself, nothing typed: errors naming the field.
    for (typed, status) in [
        ("nobody", 404),
        ("localhost", 404),
        ("a b", 404),
        ("  ", 400),
    ] {
        let res = app.post(PATH, &json!({ "address": typed })).await;
        let (code, _, field) = error_of(res).await;
        assert_eq!(code, status, "{typed}");
        assert_eq!(field.as_deref(), Some("address"), "{typed}");
    }
    let (code, _, field) = error_of(app.post(PATH, &json!({"address": "x@"})).await).await;
    assert_eq!((code, field.as_deref()), (400, Some("address")));
}

#[tokio::test]
async fn an_e_mail_address_is_sent_its_consoles_and_a_stranger_learns_nothing() {
    let app = TestApp::spawn().await;
    app.operator("acme").await;
    app.operator("zeta").await;

    let unknown = app
        .post(PATH, &json!({"address": "nobody@nowhere.test"}))
        .await;
    assert_eq!(unknown.status(), 200);
    let unknown: Value = unknown.json().await.unwrap();
    let known = app.post(PATH, &json!({"address": "Owner@Acme.test"})).await;
    assert_eq!(known.status(), 200);
    let known: Value = known.json().await.unwrap();
    // The same answer either way.
    assert_eq!(unknown, known);
    assert_eq!(known, json!({"login_url": null, "emailed": true}));

    let mail = wait_for_mail_with(&app, "owner@acme.test", "/login").await;
    assert!(
        mail.contains(&format!("http://acme.localhost:{}/login", app.port)),
        "{mail}"
    );
    assert!(!mail.contains("zeta.localhost"), "{mail}");
    assert_eq!(count_mail(&app, "nobody@nowhere.test", "/login").await, 0);

    // Five e-mails an hour per address, then 429.
    for _ in 0..4 {
        let res = app.post(PATH, &json!({"address": "owner@acme.test"})).await;
        assert_eq!(res.status(), 200);
    }
    let (code, _, _) = error_of(app.post(PATH, &json!({"address": "owner@acme.test"})).await).await;
    assert_eq!(code, 429);
}
