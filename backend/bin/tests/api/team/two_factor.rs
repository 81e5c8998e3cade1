//! Two-factor sign-in (TOTP): enrolment with a code, recovery codes shown
//! once, sign-in asking for the code after the password, a code working
//! once, recovery codes, and a team that requires it.

use super::{PASSWORD, join};
use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

/// The code of base32 `secret` `offset` steps from now.
pub(crate) fn code(secret: &str, offset: i64) -> String {
    crate::helpers::totp_code(secret, offset)
}

async fn post(
    app: &TestApp,
    host: &str,
    path: &str,
    body: Value,
    token: Option<&str>,
) -> reqwest::Response {
    app.send(Method::POST, host, path, Some(&body), token).await
}

/// Enrols the bearer of `token`: answers (secret, recovery codes).
pub(crate) async fn enrol(app: &TestApp, host: &str, token: &str) -> (String, Vec<String>) {
    let res = post(
        app,
        host,
        "/api/v1/me/two-factor/setup",
        json!({}),
        Some(token),
    )
    .await;
    assert_eq!(res.status(), 200);
    let setup: Value = res.json().await.unwrap();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    assert!(
        setup["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
    let res = post(
        app,
        host,
        "/api/v1/me/two-factor/confirm",
        json!({"code": "000000"}),
        Some(token),
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("code".into()))
    );
    let res = post(
        app,
        host,
        "/api/v1/me/two-factor/confirm",
        json!({"code": code(&secret, -1)}),
        Some(token),
    )
    .await;
    assert_eq!(res.status(), 200);
    let codes: Value = res.json().await.unwrap();
    let codes: Vec<String> = codes["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

#[tokio::test]
async fn sign_in_asks_for_the_code_after_the_password_and_each_code_works_once() {
    let app = TestApp::spawn().await;
    let op = app.operator("tfa").await;
    let host = op.host();
    let (secret, recovery) = enrol(&app, &host, &op.access_token).await;
    let me: Value = app
        .send(
            Method::GET,
            &host,
            "/api/v1/me",
            None,
            Some(&op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["two_factor"], true);

    let login = |body: Value| {
        let app = &app;
        let host = host.clone();
        async move { post(app, &host, "/api/v1/auth/login", body, None).await }
    };
    // A wrong password is still just a wrong password.
    let res = login(json!({"email": op.email, "password": "wrong password"})).await;
    assert_eq!(error_of(res).await.1, "invalid_credentials");
    // The right password without a code: asked for the code.
    let res = login(json!({"email": op.email, "password": op.password})).await;
    assert_eq!(error_of(res).await.1, "two_factor_required");
    let res = login(json!({"email": op.email, "password": op.password, "code": "123456"})).await;
    assert_eq!(error_of(res).await.1, "two_factor_required");
    let now = code(&secret, 0);
    let res = login(json!({"email": op.email, "password": op.password, "code": now})).await;
    assert_eq!(res.status(), 200);
    let res = login(json!({"email": op.email, "password": op.password, "code": now})).await;
    assert_eq!(
        error_of(res).await.1,
        "two_factor_required",
        "a code works once"
    );
    // A recovery code, once.
    let res = login(json!({"email": op.email, "password": op.password, "code": recovery[0]})).await;
    assert_eq!(res.status(), 200);
    let res = login(json!({"email": op.email, "password": op.password, "code": recovery[0]})).await;
    assert_eq!(error_of(res).await.1, "two_factor_required");

    // The audit log has the failed code and the successes.
    let failed: Value = app
        .send(
            Method::GET,
            &host,
            "/api/v1/audit-events?action=auth.login_failed",
            None,
            Some(&op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(failed["items"].as_array().unwrap().len() >= 3, "{failed}");
    // Turning it off needs a code.
    let res = post(
        &app,
        &host,
        "/api/v1/me/two-factor/disable",
        json!({"code": "111111"}),
        Some(&op.access_token),
    )
    .await;
    assert_eq!(error_of(res).await.0, 400);
    let res = post(
        &app,
        &host,
        "/api/v1/me/two-factor/disable",
        json!({"code": recovery[1]}),
        Some(&op.access_token),
    )
    .await;
    assert_eq!(res.status(), 204);
    let res = login(json!({"email": op.email, "password": op.password})).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_team_that_requires_it_lets_members_without_it_only_enrol() {
    let app = TestApp::spawn().await;
    let op = app.operator("tfb").await;
    let host = op.host();
    let agent = join(&app, &op, "agent@tfb.test", "support").await;
    // Only owners decide.
    let res = app
        .send(
            Method::PUT,
            &host,
            "/api/v1/team/two-factor",
            Some(&json!({"required": true})),
            Some(&agent),
        )
        .await;
    assert_eq!(error_of(res).await.1, "permission_denied");
    let res = app
        .send(
            Method::PUT,
            &host,
            "/api/v1/team/two-factor",
            Some(&json!({"required": true})),
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 204);
    // The agent may enrol, and nothing else until then.
    let me: Value = app
        .send(Method::GET, &host, "/api/v1/me", None, Some(&agent))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["two_factor_due"], true);
    let res = app
        .send(Method::GET, &host, "/api/v1/customers", None, Some(&agent))
        .await;
    assert_eq!(error_of(res).await.1, "permission_denied");
    let (secret, _) = enrol(&app, &host, &agent).await;
    assert_eq!(
        app.send(Method::GET, &host, "/api/v1/customers", None, Some(&agent))
            .await
            .status(),
        200
    );
    // And cannot turn it off while required.
    let res = post(
        &app,
        &host,
        "/api/v1/me/two-factor/disable",
        json!({"code": code(&secret, 0)}),
        Some(&agent),
    )
    .await;
    assert_eq!(error_of(res).await.0, 409);
    let body = json!({"email": "agent@tfb.test", "password": PASSWORD, "code": code(&secret, 1)});
    assert_eq!(
        post(&app, &host, "/api/v1/auth/login", body, None)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_platform_admin_turns_it_on_and_then_signs_in_with_a_code() {
    let app = TestApp::spawn().await;
    let admin = app.admin_without_two_factor().await;
    let token = admin.access_token.as_str();
    // Platform admins must have it: until then, only the enrolment opens.
    let res = app
        .send(
            Method::GET,
            "localhost",
            "/api/v1/admin/tenants",
            None,
            Some(token),
        )
        .await;
    assert_eq!(error_of(res).await.1, "permission_denied");
    let me: Value = app
        .send(Method::GET, "localhost", "/api/v1/me", None, Some(token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (me["two_factor"].clone(), me["two_factor_due"].clone()),
        (json!(false), json!(true))
    );
    let res = post(
        &app,
        "localhost",
        "/api/v1/admin/two-factor/confirm",
        json!({"code": "123456"}),
        Some(token),
    )
    .await;
    assert_eq!(error_of(res).await.0, 409, "no enrolment started");
    let res = post(
        &app,
        "localhost",
        "/api/v1/admin/two-factor/setup",
        json!({}),
        Some(token),
    )
    .await;
    assert_eq!(res.status(), 200);
    let secret = res.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = post(
        &app,
        "localhost",
        "/api/v1/admin/two-factor/confirm",
        json!({"code": code(&secret, -1)}),
        Some(token),
    )
    .await;
    assert_eq!(res.status(), 200);
    let tenants = app
        .send(
            Method::GET,
            "localhost",
            "/api/v1/admin/tenants",
            None,
            Some(token),
        )
        .await;
    assert_eq!(tenants.status(), 200, "open once two-factor sign-in is on");
    let recovery = res.json::<Value>().await.unwrap()["codes"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let creds = |code: Option<String>| json!({"email": "root@platform.test", "password": "admin password 1", "code": code});
    let res = post(&app, "localhost", "/api/v1/auth/login", creds(None), None).await;
    assert_eq!(error_of(res).await.1, "two_factor_required");
    let res = post(
        &app,
        "localhost",
        "/api/v1/auth/login",
        creds(Some(code(&secret, 0))),
        None,
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = post(
        &app,
        "localhost",
        "/api/v1/auth/login",
        creds(Some(recovery.clone())),
        None,
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = post(
        &app,
        "localhost",
        "/api/v1/auth/login",
        creds(Some(recovery)),
        None,
    )
    .await;
    assert_eq!(
        error_of(res).await.1,
        "two_factor_required",
        "a recovery code works once"
    );
    // Staff cannot reach the admins' enrolment.
    let op = app.operator("tfc").await;
    let res = post(
        &app,
        &op.host(),
        "/api/v1/admin/two-factor/setup",
        json!({}),
        Some(&op.access_token),
    )
    .await;
    assert!(matches!(error_of(res).await.0, 401 | 403));
}
