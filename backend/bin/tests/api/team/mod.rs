//! Teams (issue 21): invitations, roles, deactivation, the owner rules,
//! and the role × route walk over the whole OpenAPI document.

use crate::helpers::{Operator, TestApp, wait_for_mail_with};
use reqwest::Method;
use serde_json::{Value, json};

mod api_keys;
mod members;
mod two_factor;
mod walk;

/// The token of the newest invitation e-mailed to `email` by this server.
pub(crate) async fn invitation_token(app: &TestApp, email: &str) -> String {
    let mail = wait_for_mail_with(app, email, "accept-invite?token=").await;
    mail.split("accept-invite?token=")
        .last()
        .expect("an invitation link")
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// Invites `email` as `role` with `token` on `op`'s portal; answers the
/// invitation.
pub(crate) async fn invite(
    app: &TestApp,
    op: &Operator,
    token: &str,
    email: &str,
    role: &str,
) -> reqwest::Response {
    app.send(
        Method::POST,
        &op.host(),
        "/api/v1/team/invitations",
        Some(&json!({"email": email, "role": role})),
        Some(token),
    )
    .await
}

/// Signs a staff member in on `host`; answers the access token.
pub(crate) async fn sign_in(app: &TestApp, host: &str, email: &str, password: &str) -> String {
    let res = app
        .send(
            Method::POST,
            host,
            "/api/v1/auth/login",
            Some(&json!({"email": email, "password": password})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200, "sign-in of {email}");
    let v: Value = res.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_owned()
}

/// The password every invited member chooses in these tests.
pub(crate) const PASSWORD: &str = "invited member pass";

/// Invites `email` as `role` on `op`'s team, accepts the e-mailed link and
/// signs the member in; answers the member's access token.
pub(crate) async fn join(app: &TestApp, op: &Operator, email: &str, role: &str) -> String {
    let res = invite(app, op, &op.access_token, email, role).await;
    assert_eq!(res.status(), 201, "invitation of {email}");
    let token = invitation_token(app, email).await;
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/team/invitations/accept",
            Some(&json!({"token": token, "password": PASSWORD})),
            None,
        )
        .await;
    assert_eq!(res.status(), 201, "acceptance by {email}");
    sign_in(app, &op.host(), email, PASSWORD).await
}
