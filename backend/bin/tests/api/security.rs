//! The doors an attacker tries (issue 20): each test here failed before its
//! fix. See `docs/SECURITY.md` for the model.

use crate::catalog::upload;
use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::Value;

/// A numeric query parameter beyond what the database binding takes used
/// to panic the worker (the client saw a dropped connection); every one is
/// bounded at parsing now, with a 400 naming it.
#[tokio::test]
async fn numeric_query_parameters_out_of_range_are_a_400_naming_them() {
    let app = TestApp::spawn().await;
    let op = app.operator("bounds").await;
    let res = upload(&app, &op, "name=Bounds&currency=EUR", crate::catalog::DECK).await;
    assert_eq!(res.status(), 201);
    let deck: Value = res.json().await.unwrap();
    let deck_id = deck["deck"]["id"].as_str().unwrap().to_owned();

    let huge = "9223372036854775808";
    for (path, field) in [
        (format!("/api/v1/customers?offset={huge}"), "offset"),
        (format!("/api/v1/cdrs?offset={huge}"), "offset"),
        (format!("/api/v1/cdrs/export.csv?offset={huge}"), "offset"),
        (format!("/api/v1/invoices?offset={huge}"), "offset"),
        (
            format!("/api/v1/rate-decks/{deck_id}/rates?offset={huge}"),
            "offset",
        ),
        (
            "/api/v1/customers?limit=18446744073709551616".to_owned(),
            "limit",
        ),
        ("/api/v1/cdrs?offset=-1".to_owned(), "offset"),
        ("/api/v1/invoices?limit=lots".to_owned(), "limit"),
        ("/api/v1/reports/margin?days=99999999999".to_owned(), "days"),
    ] {
        let res = app
            .send(Method::GET, &op.host(), &path, None, Some(&op.access_token))
            .await;
        assert_eq!(
            error_of(res).await,
            (400, "validation_failed".into(), Some(field.into())),
            "{path}"
        );
    }
    // In range still answers.
    let res = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/customers?offset=10000000&limit=10",
            None,
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
}

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

async fn get(app: &TestApp, host: &str, path: &str, token: &str) -> u16 {
    app.send(Method::GET, host, path, None, Some(token))
        .await
        .status()
        .as_u16()
}

/// A staff or customer token is valid only on the site it was issued for:
/// its seller's hosts. Another operator's portal, the platform's own host
/// and a custom domain of another seller answer 401.
#[tokio::test]
async fn tokens_are_bound_to_the_site_they_were_issued_for() {
    let app = TestApp::spawn().await;
    let a = app.operator("sitea").await;
    let b = app.operator("siteb").await;
    let plans = crate::customers::shop(&app, &a).await;
    let session = crate::customers::verified_login(&app, &a, &plans, "cy@sitea.test").await;
    let customer = session["access_token"].as_str().unwrap();

    assert_eq!(
        get(&app, &a.host(), "/api/v1/customers", &a.access_token).await,
        200
    );
    assert_eq!(
        get(&app, &a.host(), "/api/v1/my/account", customer).await,
        200
    );
    for host in [b.host(), "localhost".to_owned(), "127.0.0.1".to_owned()] {
        let res = app
            .send(
                Method::GET,
                &host,
                "/api/v1/customers",
                None,
                Some(&a.access_token),
            )
            .await;
        assert_eq!(
            error_of(res).await,
            (401, "invalid_token".into(), None),
            "staff token on {host}"
        );
        assert_eq!(
            get(&app, &host, "/api/v1/my/account", customer).await,
            401,
            "{host}"
        );
        assert_eq!(
            get(&app, &host, "/api/v1/me", &a.access_token).await,
            401,
            "{host}"
        );
    }
    // A custom domain of operator B is B's site, not A's.
    let tx = app.state.repos().platform().await.unwrap();
    let b_seller = tx
        .operator_seller(ringledger_shared::ids::TenantId(
            b.tenant_id.parse().unwrap(),
        ))
        .await
        .unwrap()
        .unwrap()
        .id;
    tx.insert_host_for_test("billing.siteb.test", b.tenant_id.parse().unwrap(), b_seller)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        get(
            &app,
            "billing.siteb.test",
            "/api/v1/customers",
            &a.access_token
        )
        .await,
        401
    );
    assert_eq!(
        get(
            &app,
            "billing.siteb.test",
            "/api/v1/customers",
            &b.access_token
        )
        .await,
        200
    );

    // A platform admin's token works on the platform's site only.
    let admin = app.admin().await;
    assert_eq!(
        get(
            &app,
            "localhost",
            "/api/v1/admin/tenants",
            &admin.access_token
        )
        .await,
        200
    );
    assert_eq!(
        get(
            &app,
            &a.host(),
            "/api/v1/admin/tenants",
            &admin.access_token
        )
        .await,
        401
    );
}

/// Suspending (or closing) a customer ends their API access at once, not
/// when their 15-minute access token expires.
#[tokio::test]
async fn a_suspended_customer_loses_access_at_once() {
    let app = TestApp::spawn().await;
    let op = app.operator("suspendnow").await;
    let plans = crate::customers::shop(&app, &op).await;
    let session = crate::customers::verified_login(&app, &op, &plans, "cy@suspendnow.test").await;
    let token = session["access_token"].as_str().unwrap();
    assert_eq!(
        get(&app, &op.host(), "/api/v1/my/account", token).await,
        200
    );

    let list: serde_json::Value = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/customers",
            None,
            Some(&op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = list["items"][0]["id"].as_str().unwrap();
    let res = app
        .send(
            Method::POST,
            &op.host(),
            &format!("/api/v1/customers/{id}/suspend"),
            Some(&serde_json::json!({})),
            Some(&op.access_token),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let res = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/my/account",
            None,
            Some(token),
        )
        .await;
    assert_eq!(error_of(res).await, (403, "account_suspended".into(), None));
}

/// Changing the password revokes every refresh token of that login.
#[tokio::test]
async fn changing_the_password_ends_every_session() {
    let app = TestApp::spawn().await;
    let op = app.operator("pwchange").await;
    let plans = crate::customers::shop(&app, &op).await;
    let first = crate::customers::verified_login(&app, &op, &plans, "cy@pwchange.test").await;
    // A second session of the same login (another device).
    let login = serde_json::json!({"email": "cy@pwchange.test", "password": "first password"});
    let second: serde_json::Value = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/login",
            Some(&login),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/password",
            Some(&serde_json::json!({"current_password": "first password", "new_password": "second password!"})),
            first["access_token"].as_str(),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    for session in [&first, &second] {
        let body = serde_json::json!({"refresh_token": session["refresh_token"]});
        let res = app
            .send(
                Method::POST,
                &op.host(),
                "/api/v1/auth/refresh",
                Some(&body),
                None,
            )
            .await;
        assert_eq!(res.status(), 401);
    }
}

/// Two concurrent refreshes with one admin refresh token: one rotates it,
/// the other is refused (compare-and-set, like the tenants').
#[tokio::test]
async fn admin_refresh_rotation_is_compare_and_set() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let body = serde_json::json!({"refresh_token": admin.refresh_token});
    let tries = (0..4).map(|_| {
        app.send(
            Method::POST,
            "localhost",
            "/api/v1/auth/refresh",
            Some(&body),
            None,
        )
    });
    let answers: Vec<u16> = futures_util::future::join_all(tries)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        answers.iter().filter(|s| **s == 200).count(),
        1,
        "{answers:?}"
    );
    assert!(
        answers.iter().all(|s| *s == 200 || *s == 401),
        "{answers:?}"
    );
}

/// A session's refresh token leaves the server only as the http-only
/// cookie (`SameSite=Lax`, `Secure` when the site is https); a sign-up's
/// hand-off token (the one token in a body) lives five minutes.
#[tokio::test]
async fn refresh_tokens_travel_only_in_http_only_cookies() {
    let app = TestApp::spawn().await;
    let res = app
        .post("/api/v1/tenants", &TestApp::signup_body("cookieco"))
        .await;
    assert_eq!(res.status(), 201);
    assert!(
        res.headers().get("set-cookie").is_none(),
        "sign-up sets no cookie"
    );
    let v: Value = res.json().await.unwrap();
    assert!(v["session"].get("refresh_token").is_none(), "{v}");
    let handoff = v["handoff_token"].as_str().unwrap().to_owned();

    // The portal exchanges the hand-off token for its own cookie.
    let body = serde_json::json!({"refresh_token": handoff});
    let res = app
        .send(
            Method::POST,
            "cookieco.localhost",
            "/api/v1/auth/refresh",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("rl_refresh="), "{cookie}");
    for part in ["HttpOnly", "SameSite=Lax", "Path=/api/v1/auth"] {
        assert!(cookie.contains(part), "{part}: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http here: {cookie}");
    let session: Value = res.json().await.unwrap();
    assert!(session.get("refresh_token").is_none(), "{session}");

    // A hand-off token not used within five minutes is dead.
    let res = app
        .post("/api/v1/tenants", &TestApp::signup_body("lateco"))
        .await;
    let late: Value = res.json().await.unwrap();
    app.clock().advance(chrono::Duration::minutes(6));
    let body = serde_json::json!({"refresh_token": late["handoff_token"]});
    let res = app
        .send(
            Method::POST,
            "lateco.localhost",
            "/api/v1/auth/refresh",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(res.status(), 401);

    // Over https the cookie is Secure.
    let https = TestApp::spawn_with(|s| s.public_scheme = "https".into()).await;
    let op = https.operator("secureco").await;
    let body = serde_json::json!({"email": op.email, "password": op.password});
    let res = https
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/auth/login",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
}

/// Anonymous portal reads use read transactions: they never take SQLite's
/// write lock nor move the tenant's write generation (which would make every
/// authorization reload its cache).
#[tokio::test]
async fn anonymous_portal_reads_write_nothing() {
    let app = TestApp::spawn().await;
    let op = app.operator("readonly").await;
    let plans = crate::customers::shop(&app, &op).await;
    assert!(plans.is_object());
    let tenant = ringledger_shared::ids::TenantId(op.tenant_id.parse().unwrap());
    let before = app.state.repos().stamp(tenant);
    for path in [
        "/api/v1/portal",
        "/api/v1/portal/offers",
        "/api/v1/portal/rates?number=447700900123",
    ] {
        let res = app.send(Method::GET, &op.host(), path, None, None).await;
        assert_eq!(res.status(), 200, "{path}");
    }
    assert_eq!(app.state.repos().stamp(tenant), before);
}

/// On a site served over https, `/metrics` needs its token: without one
/// configured it answers 401 rather than publish the traffic and money
/// figures; with one, only its bearer gets them.
#[tokio::test]
async fn metrics_are_private_over_https() {
    let open = TestApp::spawn().await;
    let res = open
        .send(Method::GET, "localhost", "/metrics", None, None)
        .await;
    assert_eq!(res.status(), 200);

    let https = TestApp::spawn_with(|s| s.public_scheme = "https".into()).await;
    let res = https
        .send(Method::GET, "localhost", "/metrics", None, None)
        .await;
    assert_eq!(error_of(res).await.0, 401);

    let tokened = TestApp::spawn_with(|s| {
        s.public_scheme = "https".into();
        s.metrics_token = Some("scrape-me-please".to_owned().into());
    })
    .await;
    let res = tokened
        .send(Method::GET, "localhost", "/metrics", None, None)
        .await;
    assert_eq!(res.status(), 401);
    let res = tokened
        .send(
            Method::GET,
            "localhost",
            "/metrics",
            None,
            Some("scrape-me-please"),
        )
        .await;
    assert_eq!(res.status(), 200);
}

/// Sends `body` to `path` on `host` as if from `client` behind the local
/// proxy (`X-Forwarded-For`).
async fn post_from(
    app: &TestApp,
    host: &str,
    path: &str,
    body: &Value,
    client: &str,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("Host", format!("{host}:{}", app.port))
        .header("X-Forwarded-For", format!("6.6.6.6, {client}"))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Operator sign-ups are limited per client (a setting), and behind a
/// trusted proxy the client is the right-most untrusted `X-Forwarded-For`
/// address; from an untrusted peer the header is ignored.
#[tokio::test]
async fn sign_ups_are_limited_per_real_client_behind_trusted_proxies() {
    let app = TestApp::spawn_with(|s| {
        s.operator_signups_per_ip_per_hour = 2;
        s.trusted_proxies = "127.0.0.0/8, ::1".into();
    })
    .await;
    let signup = |slug: &str| TestApp::signup_body(slug);
    for slug in ["proxya1", "proxya2"] {
        let res = post_from(
            &app,
            "localhost",
            "/api/v1/tenants",
            &signup(slug),
            "198.51.100.1",
        )
        .await;
        assert_eq!(res.status(), 201, "{slug}");
    }
    let res = post_from(
        &app,
        "localhost",
        "/api/v1/tenants",
        &signup("proxya3"),
        "198.51.100.1",
    )
    .await;
    assert_eq!(error_of(res).await, (429, "rate_limited".into(), None));
    // Another client behind the same proxy has its own counter.
    let res = post_from(
        &app,
        "localhost",
        "/api/v1/tenants",
        &signup("proxyb1"),
        "198.51.100.2",
    )
    .await;
    assert_eq!(res.status(), 201);

    // Without trusted proxies the header is the client's to forge: ignored.
    let plain = TestApp::spawn_with(|s| s.operator_signups_per_ip_per_hour = 1).await;
    let res = post_from(
        &plain,
        "localhost",
        "/api/v1/tenants",
        &signup("plain1"),
        "198.51.100.1",
    )
    .await;
    assert_eq!(res.status(), 201);
    let res = post_from(
        &plain,
        "localhost",
        "/api/v1/tenants",
        &signup("plain2"),
        "198.51.100.9",
    )
    .await;
    assert_eq!(res.status(), 429);
}

/// Failed sign-ins back off per (account, client): the stranger hammering
/// an account waits, with a message saying how long; the owner signing in
/// from elsewhere is not locked out; a success forgets the failures.
#[tokio::test]
async fn a_stranger_cannot_lock_the_owner_out() {
    let app = TestApp::spawn_with(|s| {
        s.login_attempts_per_account = 3;
        s.trusted_proxies = "127.0.0.0/8, ::1".into();
    })
    .await;
    let op = app.operator("lockout").await;
    let wrong = serde_json::json!({"email": op.email, "password": "not the password"});
    let right = serde_json::json!({"email": op.email, "password": op.password});
    let stranger = "203.0.113.66";
    for _ in 0..3 {
        let res = post_from(&app, &op.host(), "/api/v1/auth/login", &wrong, stranger).await;
        assert_eq!(res.status(), 401);
    }
    // The stranger now waits, even with the right password...
    let res = post_from(&app, &op.host(), "/api/v1/auth/login", &right, stranger).await;
    let status = res.status().as_u16();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 429, "{v}");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains("try again in 30 seconds"), "{message}");
    // ...and the owner, elsewhere, signs in.
    let res = post_from(
        &app,
        &op.host(),
        "/api/v1/auth/login",
        &right,
        "198.51.100.20",
    )
    .await;
    assert_eq!(res.status(), 200);

    // Customers' sign-ins back off the same way.
    let plans = crate::customers::shop(&app, &op).await;
    crate::customers::verified_login(&app, &op, &plans, "cy@lockout.test").await;
    let wrong = serde_json::json!({"email": "cy@lockout.test", "password": "nope nope nope"});
    for _ in 0..3 {
        let res = post_from(&app, &op.host(), "/api/v1/my/login", &wrong, stranger).await;
        assert_eq!(res.status(), 401);
    }
    let res = post_from(&app, &op.host(), "/api/v1/my/login", &wrong, stranger).await;
    assert_eq!(res.status(), 429);
    let right = serde_json::json!({"email": "cy@lockout.test", "password": "first password"});
    let res = post_from(
        &app,
        &op.host(),
        "/api/v1/my/login",
        &right,
        "198.51.100.21",
    )
    .await;
    assert_eq!(res.status(), 200);
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
