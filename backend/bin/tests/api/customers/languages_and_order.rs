//! The languages a seller's portal offers and a customer's own, and the
//! order of the customers and invoices lists (`?sort=`).

use super::{shop, signup};
use crate::authorize::staff;
use crate::helpers::{Operator, TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

async fn portal(app: &TestApp, op: &Operator) -> Value {
    app.send(Method::GET, &op.host(), "/api/v1/portal", None, None)
        .await
        .json()
        .await
        .unwrap()
}

fn brand(languages: Value) -> Value {
    json!({"name": "Lingo", "primary_color": "#1d4ed8", "accent_color": "#f59e0b",
           "languages": languages})
}

async fn put_brand(app: &TestApp, op: &Operator, body: &Value) -> reqwest::Response {
    app.send(
        Method::PUT,
        &op.host(),
        "/api/v1/settings/brand",
        Some(body),
        Some(&op.access_token),
    )
    .await
}

#[tokio::test]
async fn a_portal_offers_the_languages_its_seller_chose_and_customers_keep_theirs() {
    let app = TestApp::spawn().await;
    let op = app.operator("lingo").await;
    let plans = shop(&app, &op).await;
    assert_eq!(
        portal(&app, &op).await["languages"],
        json!(["en", "es", "fr"])
    );

    // French first: the portal's default; Spanish no longer offered.
    let saved: Value = put_brand(&app, &op, &brand(json!(["fr", "en", "fr"])))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["languages"], json!(["fr", "en"]));
    assert_eq!(portal(&app, &op).await["languages"], json!(["fr", "en"]));
    // Left out of an update: unchanged.
    let body = json!({"name": "Lingo", "primary_color": "#1d4ed8", "accent_color": "#f59e0b"});
    assert_eq!(put_brand(&app, &op, &body).await.status(), 200);
    assert_eq!(portal(&app, &op).await["languages"], json!(["fr", "en"]));
    let (status, _, field) = error_of(put_brand(&app, &op, &brand(json!(["de"]))).await).await;
    assert_eq!((status, field.as_deref()), (400, Some("languages")));

    // A sign-up names its language: one the portal offers.
    let person = |email: &str, locale: Value| {
        json!({"name": "Lea", "email": email, "password": "first password", "locale": locale,
               "services": [{"kind": "sip", "plan_id": plans["sip"]}]})
    };
    for (locale, email) in [("es", "es@lingo.test"), ("xx", "xx@lingo.test")] {
        let res = signup(&app, &op, &person(email, json!(locale))).await;
        let (status, _, field) = error_of(res).await;
        assert_eq!(
            (status, field.as_deref()),
            (400, Some("locale")),
            "{locale}"
        );
    }
    let en: Value = signup(&app, &op, &person("en@lingo.test", json!("en")))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(en["customer"]["locale"], "en", "{en}");
    // None named: the seller's default.
    let plain: Value = signup(&app, &op, &person("plain@lingo.test", Value::Null))
        .await
        .json()
        .await
        .unwrap();
    let id = plain["customer"]["id"].as_str().unwrap().to_owned();
    let seen = staff(
        &app,
        &op,
        Method::GET,
        &format!("/api/v1/customers/{id}"),
        json!(null),
    )
    .await;
    assert_eq!(seen["locale"], "fr");
}

#[tokio::test]
async fn customers_and_invoices_sort_by_their_columns() {
    let app = TestApp::spawn().await;
    let op = app.operator("order").await;
    let plans = shop(&app, &op).await;
    for (name, email) in [
        ("Bea", "z@order.test"),
        ("Al", "y@order.test"),
        ("Cid", "x@order.test"),
    ] {
        let body = json!({"name": name, "email": email, "password": "first password",
                          "services": [{"kind": "sip", "plan_id": plans["sip"]}]});
        assert_eq!(signup(&app, &op, &body).await.status(), 201);
    }
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let list = |sort: &'static str| {
        let app = &app;
        let op = &op;
        async move {
            staff(
                app,
                op,
                Method::GET,
                &format!("/api/v1/customers?sort={sort}"),
                json!(null),
            )
            .await
        }
    };
    assert_eq!(names(&list("name").await), ["Al", "Bea", "Cid"]);
    assert_eq!(names(&list("-name").await), ["Cid", "Bea", "Al"]);
    assert_eq!(names(&list("email").await), ["Cid", "Al", "Bea"]);
    // Default and `created_at`: newest first / oldest first.
    assert_eq!(names(&list("").await), ["Cid", "Al", "Bea"]);
    assert_eq!(names(&list("created_at").await), ["Bea", "Al", "Cid"]);
    // A page of the ordered list.
    let second = staff(
        &app,
        &op,
        Method::GET,
        "/api/v1/customers?sort=name&offset=1&limit=1",
        json!(null),
    )
    .await;
    assert_eq!(
        (names(&second), second["total"].as_u64()),
        (vec!["Bea".to_owned()], Some(3))
    );

    for path in [
        "/api/v1/customers?sort=password_hash",
        "/api/v1/invoices?sort=-secret",
    ] {
        let res = app
            .send(Method::GET, &op.host(), path, None, Some(&op.access_token))
            .await;
        let (status, _, field) = error_of(res).await;
        assert_eq!((status, field.as_deref()), (400, Some("sort")), "{path}");
    }
    for sort in ["number", "-total", "due_on", "-issued_on", "status"] {
        let res = app
            .send(
                Method::GET,
                &op.host(),
                &format!("/api/v1/invoices?sort={sort}"),
                None,
                Some(&op.access_token),
            )
            .await;
        assert_eq!(res.status(), 200, "{sort}");
    }
}

/// The SPA compiles in English only and fetches another language's words
/// (issue 23): every word the portal and the account pages read, current
/// after a deploy (revalidated by its `ETag`), and only the three languages.
#[tokio::test]
async fn the_spa_fetches_a_language_s_words() {
    let app = TestApp::spawn().await;
    let words = |language: &str| {
        let url = app.url(&format!("/api/v1/portal/words/{language}"));
        app.client.get(url)
    };
    let spanish = words("es").send().await.unwrap();
    assert_eq!(spanish.status(), 200);
    assert_eq!(
        spanish.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(spanish.headers()["cache-control"], "no-cache");
    let etag = spanish.headers()["etag"].to_str().unwrap().to_owned();
    let body = spanish.text().await.unwrap();
    // One message of each area the SPA reads, in Spanish.
    for line in [
        "common-sign-in = Iniciar sesión",
        "portal-offers-heading = Lo que ofrecemos",
        "account-session-ended = Su sesión ha caducado",
    ] {
        assert!(body.contains(line), "{line} missing");
    }
    // Not the server's own words (e-mails, invoices).
    assert!(!body.contains("email-hello"));
    // A browser that takes gzip gets the copy compressed once at start.
    let zipped = words("es")
        .header("Accept-Encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(zipped.status(), 200);
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    assert_eq!(zipped.headers()["vary"], "Accept-Encoding");
    assert_eq!(zipped.headers()["etag"].to_str().unwrap(), etag);
    let packed = zipped.bytes().await.unwrap();
    assert!(
        packed.len() * 2 < body.len(),
        "{} of {}",
        packed.len(),
        body.len()
    );
    let mut unpacked = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&packed[..]),
        &mut unpacked,
    )
    .unwrap();
    assert_eq!(unpacked, body);
    // One that refuses it (`q=0`) gets the plain source.
    let plain = words("es")
        .header("Accept-Encoding", "gzip;q=0")
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), body);

    // The browser's copy is current: 304, no body; another language's tag is not.
    let held = words("es")
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(held.status(), 304);
    assert!(held.text().await.unwrap().is_empty());
    // A weak copy of the tag, or `*`, holds too (If-None-Match compares weakly).
    for header in [format!("W/{etag}"), "*".to_owned()] {
        let res = words("es")
            .header("If-None-Match", &header)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 304, "{header}");
    }
    let french = words("fr")
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(french.status(), 200);
    assert!(
        french
            .text()
            .await
            .unwrap()
            .contains("portal-offers-heading = Nos offres")
    );
    assert_eq!(words("en").send().await.unwrap().status(), 200);

    for unknown in ["de", "ES", "es-ES", "..%2Fen"] {
        let (status, code, _) = error_of(words(unknown).send().await.unwrap()).await;
        assert_eq!((status, code.as_str()), (404, "not_found"), "{unknown}");
    }
}
