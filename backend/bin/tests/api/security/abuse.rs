//! Abuse and denial of service: bounded parameters, limits per real client,
//! sign-in back-off, read-only anonymous and staff reads, private metrics.

use super::{post_from, stamp};
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
    // The back-off is 30 seconds, counted down in whole seconds: a clock
    // tick between the failure and this attempt leaves 29.
    let wait: i64 = message
        .split("try again in ")
        .nth(1)
        .and_then(|rest| rest.strip_suffix(" seconds"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no wait in {message}"));
    assert!((28..=30).contains(&wait), "{message}");
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

/// Anonymous portal reads use read transactions: they never take SQLite's
/// write lock nor move the tenant's write generation (which would make every
/// authorization reload its cache).
#[tokio::test]
async fn anonymous_portal_reads_write_nothing() {
    let app = TestApp::spawn().await;
    let op = app.operator("readonly").await;
    let plans = crate::customers::shop(&app, &op).await;
    assert!(plans.is_object());
    let before = stamp(&app, &op);
    for path in [
        "/api/v1/portal",
        "/api/v1/portal/offers",
        "/api/v1/portal/rates?number=447700900123",
    ] {
        let res = app.send(Method::GET, &op.host(), path, None, None).await;
        assert_eq!(res.status(), 200, "{path}");
    }
    assert_eq!(stamp(&app, &op), before);
}

/// What the console and the customer portal read — lists, a customer's
/// page, a deck and its export, settings, who is signed in — is read in read
/// transactions too: browsing never waits for SQLite's one writer, nor
/// makes every authorization of the tenant reload its cache. A staff write
/// does move the generation.
#[tokio::test]
async fn staff_and_customer_reads_write_nothing() {
    use crate::authorize::{staff, world};
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    let me = crate::helpers::customer_token(&app, &w.op.host(), "al@example.test").await;
    let decks = staff(&app, &w.op, Method::GET, "/api/v1/rate-decks", Value::Null).await;
    let deck = format!(
        "/api/v1/rate-decks/{}",
        decks["items"][0]["id"].as_str().unwrap()
    );
    let customer = format!("/api/v1/customers/{}", w.customer_id);
    let before = stamp(&app, &w.op);
    for path in [
        "/api/v1/me",
        "/api/v1/customers",
        "/api/v1/customers?q=al&sort=name",
        &customer,
        "/api/v1/cdrs",
        "/api/v1/cdrs/export.csv",
        "/api/v1/plans",
        "/api/v1/bundles",
        "/api/v1/destination-groups",
        "/api/v1/rate-decks",
        &deck,
        &format!("{deck}/rates?q=44"),
        &format!("{deck}/match?number=447700900123"),
        &format!("{deck}/export.csv"),
        "/api/v1/switch-keys",
        "/api/v1/card-batches",
        "/api/v1/settings/accounts",
    ] {
        staff(&app, &w.op, Method::GET, path, Value::Null).await;
    }
    for path in ["/api/v1/me", "/api/v1/my/account"] {
        let res = app
            .send(Method::GET, &w.op.host(), path, None, Some(&me))
            .await;
        assert_eq!(res.status(), 200, "{path}");
    }
    assert_eq!(stamp(&app, &w.op), before);
    let adjust = format!("{customer}/adjustments");
    let body = serde_json::json!({"amount": "1", "reason": "a write"});
    staff(&app, &w.op, Method::POST, &adjust, body).await;
    assert_ne!(stamp(&app, &w.op), before);
}

/// One tenant's writes and the platform admin's reads leave every other
/// tenant's cached authorization context alone: creating a customer read
/// its tenant in a platform write transaction, which moved the platform's
/// generation and so made every tenant's authorizations reload.
#[tokio::test]
async fn a_tenants_writes_and_the_admins_reads_leave_other_tenants_alone() {
    use crate::authorize::{sip_plan, staff};
    let app = TestApp::spawn().await;
    let acme = crate::authorize::world(&app, None).await.op;
    let plan = sip_plan(&app, &acme).await;
    let other = app.operator("other").await;
    let admin = app.admin().await;
    let before = stamp(&app, &other);
    let body = serde_json::json!({"name": "Cy", "email": "cy@example.test",
        "password": "long password", "services": [{"kind": "sip", "plan_id": plan}]});
    staff(&app, &acme, Method::POST, "/api/v1/customers", body).await;
    for path in ["/api/v1/admin/tenants", "/api/v1/me"] {
        let res = app
            .send(
                Method::GET,
                "localhost",
                path,
                None,
                Some(&admin.access_token),
            )
            .await;
        assert_eq!(res.status(), 200, "{path}");
    }
    assert_eq!(stamp(&app, &other), before);
}

/// Signing in, refreshing a session and signing out write session rows,
/// the audit log and the sign-in counters, which no cache reads: on a busy
/// portal they made every authorization of the tenant reload, and an
/// admin's made every tenant's. A wrong password, a stolen (rotated) token,
/// a stranger's request for a password reset link and a member signing its
/// other device out are written the same way.
#[tokio::test]
async fn sign_ins_refreshes_and_sign_outs_leave_the_authorizations_cached() {
    let app = TestApp::spawn().await;
    let w = crate::authorize::world(&app, None).await;
    let admin = app.admin_without_two_factor().await;
    let host = w.op.host();
    let post = |host: String, path: &'static str, body: Value| {
        let app = &app;
        async move { app.send(Method::POST, &host, path, Some(&body), None).await }
    };
    let before = stamp(&app, &w.op);
    let staff = serde_json::json!({"email": w.op.email, "password": w.op.password});
    let staff_again = staff.clone();
    let customer = serde_json::json!({"email": "al@example.test", "password": "long password"});
    let admin_login =
        serde_json::json!({"email": "root@platform.test", "password": "admin password 1"});
    let mut tokens = Vec::new();
    for (host, path, body) in [
        (host.clone(), "/api/v1/auth/login", staff),
        (host.clone(), "/api/v1/my/login", customer),
        ("localhost".to_owned(), "/api/v1/auth/login", admin_login),
    ] {
        let res = post(host.clone(), path, body).await;
        assert_eq!(res.status(), 200, "{path}");
        tokens.push((host, crate::helpers::refresh_cookie(&res).unwrap()));
    }
    tokens.push(("localhost".to_owned(), admin.refresh_token));
    for (host, token) in tokens {
        let body = serde_json::json!({"refresh_token": token});
        let res = post(host.clone(), "/api/v1/auth/refresh", body.clone()).await;
        assert_eq!(res.status(), 200, "{host}");
        let rotated = crate::helpers::refresh_cookie(&res).unwrap();
        // The old token again: taken as theft, its family revoked.
        let res = post(host.clone(), "/api/v1/auth/refresh", body).await;
        assert_eq!(res.status(), 401, "{host}");
        let body = serde_json::json!({"refresh_token": rotated});
        let res = post(host.clone(), "/api/v1/auth/logout", body).await;
        assert_eq!(res.status(), 204, "{host}");
    }
    let wrong = serde_json::json!({"email": w.op.email, "password": "not the password"});
    let res = post(host.clone(), "/api/v1/auth/login", wrong).await;
    assert_eq!(res.status(), 401);
    // Anyone may ask for a password reset link (the e-mail and the audit
    // event are written).
    for (path, email) in [
        ("/api/v1/auth/password-reset", w.op.email.as_str()),
        ("/api/v1/my/password-reset", "al@example.test"),
    ] {
        let body = serde_json::json!({"email": email});
        let res = post(host.clone(), path, body).await;
        assert_eq!(res.status(), 202, "{path}");
    }
    // A member signs its other device out.
    let res = post(host.clone(), "/api/v1/auth/login", staff_again).await;
    assert_eq!(res.status(), 200);
    let token = Some(w.op.access_token.as_str());
    let list = app.send(Method::GET, &host, "/api/v1/me/sessions", None, token);
    let list: Value = list.await.json().await.unwrap();
    let other = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == false)
        .unwrap()["id"]
        .clone();
    let path = format!("/api/v1/me/sessions/{}", other.as_str().unwrap());
    let res = app.send(Method::DELETE, &host, &path, None, token).await;
    assert_eq!(res.status(), 204);
    assert_eq!(stamp(&app, &w.op), before);
}

/// A write transaction moves the write generation only once a statement
/// that may write ran in it: one that only read (a use case that opened
/// the wrong kind of transaction) leaves every cached authorization alone,
/// whatever route it serves. A write, even of no row, moves it.
#[tokio::test]
async fn a_write_transaction_that_only_read_moves_no_generation() {
    use ringledger_shared::ids::{TenantId, UserId};
    let app = TestApp::spawn().await;
    let op = app.operator("onlyread").await;
    let tenant = TenantId(op.tenant_id.parse().unwrap());
    let repos = app.state.repos();
    let now = chrono::Utc::now();
    let before = stamp(&app, &op);
    let tx = repos.tenant(tenant).await.unwrap();
    assert!(tx.tenant().await.unwrap().is_some());
    tx.commit().await.unwrap();
    let tx = repos.platform().await.unwrap();
    assert!(tx.tenant(tenant).await.unwrap().is_some());
    tx.commit().await.unwrap();
    assert_eq!(stamp(&app, &op), before);
    let tx = repos.tenant(tenant).await.unwrap();
    tx.touch_login(UserId(uuid::Uuid::nil()), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let written = stamp(&app, &op);
    assert_eq!(written.0, before.0);
    assert_ne!(written.1, before.1, "the tenant's part moved");
    let tx = repos.platform().await.unwrap();
    tx.revoke_admin_family(uuid::Uuid::nil(), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_ne!(stamp(&app, &op).0, written.0, "the platform's part moved");
}

/// A quiet transaction (`tenant_quiet`, `platform_claims`) writes its
/// bookkeeping tables (and the bookkeeping columns of `users` and the
/// like) without moving the write generation, but anything else it writes
/// moves it, as does a write in a read transaction: a later
/// change that writes what a cache reads in one cannot leave the cache
/// stale.
#[tokio::test]
async fn a_quiet_or_read_transaction_that_writes_what_a_cache_reads_moves_the_generation() {
    use ringledger_shared::api::TenantStatus;
    use ringledger_shared::ids::{TenantId, UserId};
    let app = TestApp::spawn().await;
    let op = app.operator("quietloud").await;
    let tenant = TenantId(op.tenant_id.parse().unwrap());
    let repos = app.state.repos();
    let now = chrono::Utc::now();
    let before = stamp(&app, &op);
    let tx = repos.tenant_quiet(tenant).await.unwrap();
    tx.touch_login(UserId(uuid::Uuid::nil()), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let tx = repos.platform_claims().await.unwrap();
    tx.revoke_admin_family(uuid::Uuid::nil(), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(stamp(&app, &op), before, "bookkeeping stays quiet");

    let tx = repos.tenant_quiet(tenant).await.unwrap();
    tx.sellers()
        .set_max_reseller_depth(uuid::Uuid::nil(), 3)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let loud = stamp(&app, &op);
    assert_ne!(
        loud.1, before.1,
        "a seller written quietly moved the tenant's part"
    );
    let tx = repos.tenant_read(tenant).await.unwrap();
    tx.sellers()
        .set_max_reseller_depth(uuid::Uuid::nil(), 3)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let read = stamp(&app, &op);
    assert_ne!(read.1, loud.1, "a write in a read transaction moved it");
    let tx = repos.platform_claims().await.unwrap();
    assert!(
        tx.set_tenant_status(tenant, TenantStatus::Active, now)
            .await
            .unwrap()
            .is_some()
    );
    tx.commit().await.unwrap();
    assert_ne!(
        stamp(&app, &op).0,
        read.0,
        "a tenant written quietly moved the platform's part"
    );

    // Of a table holding more than bookkeeping, only the bookkeeping
    // columns are quiet: a member's role written quietly moves the stamp.
    let last = stamp(&app, &op);
    let tx = repos.tenant_quiet(tenant).await.unwrap();
    tx.team()
        .set_role(
            UserId(uuid::Uuid::nil()),
            ringledger_shared::status::StaffRole::Admin,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_ne!(
        stamp(&app, &op).1,
        last.1,
        "a member's role written quietly moved the tenant's part"
    );
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

/// Suspending a tenant continues the platform's transaction as the
/// tenant's (for its audit log). The platform's write generation used to
/// move at that switch, before the commit: anything read in between (the
/// tenant still active, the suspension not committed) could be cached
/// under the new stamp and kept. Every cache today also carries the
/// tenant's own generation, which moved at the commit, so the switch was
/// refused all the same; a cache keyed on the platform's part alone would
/// not have been. The platform's part moves at the commit now, and the
/// switch that asks in between is served, then refused once it commits.
#[tokio::test]
async fn a_tenant_suspended_while_its_switch_asks_is_refused_once_the_suspension_commits() {
    use ringledger_shared::api::TenantStatus;
    use ringledger_shared::ids::TenantId;
    let app = TestApp::spawn().await;
    let w = crate::authorize::world(&app, None).await;
    let tenant = TenantId(w.op.tenant_id.parse().unwrap());
    let ask = serde_json::json!({"service": "sip", "sip_username": w.sip,
        "destination": "+15550100", "reserve": false});
    let host = w.op.host();
    let switch = || {
        app.send(
            Method::POST,
            &host,
            "/api/v1/authorize",
            Some(&ask),
            Some(&w.key),
        )
    };
    assert_eq!(switch().await.status(), 200, "the key is cached");
    let before = stamp(&app, &w.op);

    let tx = app.state.repos().platform().await.unwrap();
    let suspended = tx
        .set_tenant_status(tenant, TenantStatus::Suspended, chrono::Utc::now())
        .await
        .unwrap();
    assert!(suspended.is_some());
    let tx = tx.into_tenant(tenant).await.unwrap();
    assert_eq!(
        stamp(&app, &w.op),
        before,
        "nothing committed, nothing moved"
    );
    // The switch asks while the suspension is not committed: still served.
    assert_eq!(switch().await.status(), 200);
    tx.commit().await.unwrap();

    assert_ne!(stamp(&app, &w.op).0, before.0, "the commit moved it");
    let res = switch().await;
    assert_eq!(error_of(res).await.1, "tenant_suspended");
}
