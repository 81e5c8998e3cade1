//! Sessions and tokens: bound to their site, ended at once, rotated
//! compare-and-set, refresh tokens only in http-only cookies.

use super::get;
use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::Value;

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

/// Changing the password ends every other session of that login at once
/// (its refresh token and its access tokens); the session that changed it
/// stays signed in.
#[tokio::test]
async fn changing_the_password_ends_every_session() {
    let app = TestApp::spawn().await;
    let op = app.operator("pwchange").await;
    let host = op.host();
    let plans = crate::customers::shop(&app, &op).await;
    let first = crate::customers::verified_login(&app, &op, &plans, "cy@pwchange.test").await;
    // A second session of the same login (another device).
    let login = serde_json::json!({"email": "cy@pwchange.test", "password": "first password"});
    let res = app
        .send(Method::POST, &host, "/api/v1/my/login", Some(&login), None)
        .await;
    let second_cookie = crate::helpers::refresh_cookie(&res).unwrap();
    let second: serde_json::Value = res.json().await.unwrap();
    let res = app
        .send(
            Method::POST,
            &host,
            "/api/v1/my/password",
            Some(&serde_json::json!({"current_password": "first password", "new_password": "second password!"})),
            first["access_token"].as_str(),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let refresh = |cookie: String| {
        let app = &app;
        let host = host.clone();
        async move {
            app.client
                .post(app.url("/api/v1/auth/refresh"))
                .header("Host", format!("{host}:{}", app.port))
                .header("Cookie", format!("rl_refresh={cookie}"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    // The other device is out, at once.
    assert_eq!(refresh(second_cookie).await, 401);
    let res = app
        .send(
            Method::GET,
            &host,
            "/api/v1/my/account",
            None,
            second["access_token"].as_str(),
        )
        .await;
    assert_eq!(res.status(), 401);
    // This one goes on.
    let res = app
        .send(
            Method::GET,
            &host,
            "/api/v1/my/account",
            None,
            first["access_token"].as_str(),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        refresh(first["refresh_token"].as_str().unwrap().to_owned()).await,
        200
    );
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

/// The operator's owner proves the e-mail address before the console takes
/// card payments or creates resellers: the link e-mailed at sign-up (or
/// sent again) verifies it, once.
#[tokio::test]
async fn the_owner_verifies_the_e_mail_before_taking_payments_or_creating_resellers() {
    let app = TestApp::spawn().await;
    let res = app
        .post("/api/v1/tenants", &TestApp::signup_body("verifyco"))
        .await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    let token = v["session"]["access_token"].as_str().unwrap().to_owned();
    assert_eq!(v["session"]["me"]["email_verified"], false);
    let host = "verifyco.localhost";
    let stripe = serde_json::json!({"secret_key": "sk_test_123", "publishable_key": "pk_test_123"});
    let res = app
        .send(
            Method::PUT,
            host,
            "/api/v1/settings/payments",
            Some(&stripe),
            Some(&token),
        )
        .await;
    assert_eq!(
        error_of(res).await,
        (403, "email_not_verified".into(), None)
    );
    let reseller = serde_json::json!({"name": "Blue", "slug": "blue", "owner_email": "b@blue.test", "owner_password": "long password 1", "markup_kind": "percent", "markup_value": "10", "account_kind": "prepaid"});
    let res = app
        .send(
            Method::POST,
            host,
            "/api/v1/resellers",
            Some(&reseller),
            Some(&token),
        )
        .await;
    assert_eq!(error_of(res).await.0, 403);

    // Sending it again makes a new link; the first one no longer works.
    let first = crate::helpers::wait_for_mail_with(&app, "owner@verifyco.test", "for=staff").await;
    // The sign-up's e-mail is the welcome: the console's and the portal's addresses.
    assert!(
        first.to_lowercase().contains("welcome to ringledger"),
        "{first}"
    );
    assert!(
        first.contains("Your console") && first.contains("portal"),
        "{first}"
    );
    let res = app
        .send(
            Method::POST,
            host,
            "/api/v1/auth/verify-email/resend",
            None,
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), 204);
    let link_of = |mail: &str| {
        mail.split("token=")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    };
    let old = link_of(&first);
    let mut second = first.clone();
    for _ in 0..50 {
        second = crate::helpers::wait_for_mail_with(&app, "owner@verifyco.test", "for=staff").await;
        if link_of(&second) != old {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let new = link_of(&second);
    assert_ne!(new, old);
    let verify = |t: String| {
        let app = &app;
        async move {
            app.send(
                Method::POST,
                host,
                "/api/v1/auth/verify-email",
                Some(&serde_json::json!({"token": t})),
                None,
            )
            .await
        }
    };
    assert_eq!(verify(old).await.status(), 401);
    // On another operator's portal the link is unknown.
    app.operator("otherco").await;
    let res = app
        .send(
            Method::POST,
            "otherco.localhost",
            "/api/v1/auth/verify-email",
            Some(&serde_json::json!({"token": new})),
            None,
        )
        .await;
    assert_eq!(res.status(), 401);
    assert_eq!(verify(new.clone()).await.status(), 200);
    assert_eq!(
        verify(new).await.status(),
        200,
        "the same link twice is harmless"
    );
    let me: Value = app
        .send(Method::GET, host, "/api/v1/me", None, Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email_verified"], true);
    // Now the console may create resellers.
    let res = app
        .send(
            Method::POST,
            host,
            "/api/v1/resellers",
            Some(&reseller),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
}
