//! Every `GET` the API documents, asked by whoever may ask it, writes
//! nothing and opens no write transaction: a read that wrote would make
//! every cached authorization of the tenant reload, and one that opened a
//! write transaction would queue for SQLite's one writer. The routes come
//! from the OpenAPI document, so a `GET` added later is checked too.

use super::stamp;
use crate::helpers::TestApp;
use reqwest::Method;
use ringledger_shared::access::Access;
use ringledger_shared::api::routes::{self, Method as RouteMethod};
use serde_json::Value;

/// The ids a path may name: the world's customer, deck and service.
struct Ids {
    customer: String,
    deck: String,
    service: String,
}

/// `path` with its parameters filled: the world's customer, deck or
/// service where the path names one, else an id nothing has (the route
/// answers 404, which must write nothing either).
fn filled(path: &str, ids: &Ids) -> String {
    let id = if path.starts_with("/api/v1/customers/") {
        &ids.customer
    } else if path.starts_with("/api/v1/rate-decks/") {
        &ids.deck
    } else if path.starts_with("/api/v1/my/services/") {
        &ids.service
    } else {
        "0190f5c4-0000-7000-8000-000000000000"
    };
    path.replace("{id}", id).replace("{language}", "es")
}

/// A query that makes the routes needing one answer more than a 400.
fn query(path: &str) -> &'static str {
    if path.ends_with("/match")
        || path.ends_with("/portal/rates")
        || path.ends_with("/switch/inbound")
    {
        "?number=447700900123"
    } else if path.ends_with("/switch/lookup") {
        "?sip_user=nobody"
    } else {
        ""
    }
}

#[tokio::test]
async fn every_documented_read_writes_nothing() {
    use crate::authorize::{staff, world};
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    let admin = app.admin().await;
    let me = crate::helpers::customer_token(&app, &w.op.host(), "al@example.test").await;
    let decks = staff(&app, &w.op, Method::GET, "/api/v1/rate-decks", Value::Null).await;
    let account: Value = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/my/account",
            None,
            Some(&me),
        )
        .await
        .json()
        .await
        .unwrap();
    let ids = Ids {
        customer: w.customer_id.clone(),
        deck: decks["items"][0]["id"].as_str().unwrap().to_owned(),
        service: account["services"][0]["id"].as_str().unwrap().to_owned(),
    };
    let portal = w.op.host();
    let doc = app.send(Method::GET, &portal, "/api/openapi.json", None, None);
    let doc: Value = doc.await.json().await.unwrap();
    let tenant = ringledger_shared::ids::TenantId(w.op.tenant_id.parse().unwrap());
    // A writer holds SQLite's one turn to write throughout: a read that
    // opens a write transaction waits for it until its turn times out (a
    // 5xx), whether or not it then writes. (On PostgreSQL an open
    // transaction that wrote nothing holds nobody up.)
    let writer = app.state.repos().tenant(tenant).await.unwrap();
    let mut answered = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if item.get("get").is_none() {
            continue;
        }
        let url = format!("{}{}", filled(path, &ids), query(path));
        // Whoever the route table says may ask (staff: the owner).
        let route = routes::find(RouteMethod::Get, path);
        let access = route.unwrap_or_else(|| panic!("GET {path} is not in the route table"));
        let (host, token) = match access.access {
            Access::Public => (portal.as_str(), None),
            Access::Staff(_) | Access::SignedIn => {
                (portal.as_str(), Some(w.op.access_token.as_str()))
            }
            Access::Customer => (portal.as_str(), Some(me.as_str())),
            Access::Switch => (portal.as_str(), Some(w.key.as_str())),
            Access::Admin => ("localhost", Some(admin.access_token.as_str())),
        };
        let before = stamp(&app, &w.op);
        let res = app.send(Method::GET, host, &url, None, token).await;
        assert!(res.status().as_u16() < 500, "{url}: {}", res.status());
        assert_eq!(stamp(&app, &w.op), before, "GET {url} wrote");
        answered += usize::from(res.status().is_success());
    }
    drop(writer);
    // Most reads answered what they read (the rest: ids nothing has, a
    // setting only the operator sees…).
    assert!(answered > 60, "only {answered} reads answered");
}
