//! Browsers and data: security headers, CSV formula neutralising, sealed
//! secrets bound to their row.

use crate::catalog::upload;
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::Value;

/// Every response carries the browser security headers; HSTS only when the
/// site is served over https.
#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/portal", "/", "/console", "/api/v1/no-such-route"] {
        let res = app.send(Method::GET, "localhost", path, None, None).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline'; script")
                && !csp.contains("script-src 'self' 'unsafe-inline'")
        );
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(
            h["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("camera=()")
        );
        assert!(h.get("strict-transport-security").is_none(), "{path}");
    }

    let https = TestApp::spawn_with(|s| s.public_scheme = "https".into()).await;
    let res = https
        .send(Method::GET, "localhost", "/api/v1/portal", None, None)
        .await;
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}

/// An exported cell a spreadsheet would run as a formula is neutralised
/// (a leading `'`); numbers stay numbers.
#[tokio::test]
async fn csv_exports_neutralise_formulas() {
    let app = TestApp::spawn().await;
    let op = app.operator("csvsafe").await;
    let deck = "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n\
                44,\"=HYPERLINK(\"\"http://evil.test\"\",\"\"click\"\")\",0.10,0,60,60\n\
                441,@SUM(A1),0.2,0,60,60\n\
                447,United Kingdom Mobile,0.2,0.05,30,6\n";
    let res = upload(&app, &op, "name=Evil&currency=EUR", deck).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let v: Value = res.json().await.unwrap();
    let deck_id = v["deck"]["id"].as_str().unwrap();
    let res = app
        .send(
            Method::GET,
            &op.host(),
            &format!("/api/v1/rate-decks/{deck_id}/export.csv"),
            None,
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let destinations: Vec<String> = rows.records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert_eq!(
        destinations,
        [
            "'=HYPERLINK(\"http://evil.test\",\"click\")",
            "'@SUM(A1)",
            "United Kingdom Mobile"
        ],
        "{text}"
    );
}

/// A sealed SIP password is bound to its row and tenant: copied onto
/// another service's row (by someone who can write the database but has
/// not the key) it does not open, so the switch never gets it.
#[tokio::test]
async fn a_sealed_secret_copied_to_another_row_does_not_open() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::spawn().await;
    let op = app.operator("sealed").await;
    let plans = crate::customers::shop(&app, &op).await;
    let session = crate::customers::verified_login(&app, &op, &plans, "a@sealed.test").await;
    // A second SIP service: two rows with sealed passwords.
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/services",
            Some(&serde_json::json!({"kind": "sip", "plan_id": plans["sip"]})),
            session["access_token"].as_str(),
        )
        .await;
    assert_eq!(res.status(), 201);
    let key: Value = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/switch-keys",
            Some(&serde_json::json!({"name": "kamailio"})),
            Some(&op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let key = key["key"].as_str().unwrap().to_owned();

    let db = sea_orm::Database::connect(app.state.settings().database_url().unwrap())
        .await
        .unwrap();
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT username, secret_enc FROM sip_accounts ORDER BY username",
        ))
        .await
        .unwrap();
    let sips: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("", "username").unwrap(),
                r.try_get("", "secret_enc").unwrap(),
            )
        })
        .collect();
    assert_eq!(sips.len(), 2);
    assert!(sips.iter().all(|(_, s)| s.starts_with("v2:")), "{sips:?}");
    let lookup = |user: String| {
        let key = key.clone();
        let app = &app;
        async move {
            app.send(
                Method::POST,
                "localhost",
                "/api/v1/switch/lookup",
                Some(&serde_json::json!({"sip_user": user})),
                Some(&key),
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(lookup(sips[1].0.clone()).await, 200);
    // B's row gets A's sealed password.
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "UPDATE sip_accounts SET secret_enc = $1 WHERE username = $2"
        }
        _ => "UPDATE sip_accounts SET secret_enc = ? WHERE username = ?",
    };
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [sips[0].1.clone().into(), sips[1].0.clone().into()],
    ))
    .await
    .unwrap();
    db.close().await.ok();
    assert_ne!(
        lookup(sips[1].0.clone()).await,
        200,
        "a copied secret must not open"
    );
    assert_eq!(lookup(sips[0].0.clone()).await, 200);
}

/// A custom domain serves its portal only once proven (a DNS TXT record
/// with the challenge we issued), and releasing it unmaps it at once.
#[tokio::test]
async fn custom_domains_are_mapped_only_once_proven_and_released_at_once() {
    let app = TestApp::spawn().await;
    let op = app.operator("domainco").await;
    let body = serde_json::json!({"name": "Teal", "slug": "teal", "owner_email": "o@teal.test",
        "owner_password": "long password 1", "markup_kind": "percent", "markup_value": "10",
        "account_kind": "prepaid", "custom_domain": "voice.teal.example"});
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/resellers",
            Some(&body),
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 201);
    let teal: Value = res.json().await.unwrap();
    let id = teal["id"].as_str().unwrap();
    let portal = || async {
        app.send(
            Method::GET,
            "voice.teal.example",
            "/api/v1/portal",
            None,
            None,
        )
        .await
        .status()
        .as_u16()
    };
    assert_eq!(portal().await, 404);
    // A record with the wrong value proves nothing.
    app.dns.set(
        "_ringledger.voice.teal.example",
        &["ringledger-verify=guess"],
    );
    let verify = format!("/api/v1/resellers/{id}/domain/verify");
    let res = app
        .send(
            Method::POST,
            &op.host(),
            &verify,
            None,
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(portal().await, 404);
    app.dns.set(
        "_ringledger.voice.teal.example",
        &[teal["custom_domain_txt_value"].as_str().unwrap()],
    );
    let res = app
        .send(
            Method::POST,
            &op.host(),
            &verify,
            None,
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(portal().await, 200);
    // Another operator cannot claim a proven domain.
    let other = app.operator("otherdom").await;
    let mut body2 = body.clone();
    body2["slug"] = serde_json::json!("cyan");
    body2["owner_email"] = serde_json::json!("o@cyan.test");
    let res = app
        .send(
            Method::POST,
            &other.host(),
            "/api/v1/resellers",
            Some(&body2),
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 409);
    // Releasing the domain unmaps it.
    let res = app
        .send(
            Method::PATCH,
            &op.host(),
            &format!("/api/v1/resellers/{id}"),
            Some(&serde_json::json!({"custom_domain": ""})),
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(portal().await, 404);
}
