//! Invitations, roles, deactivation and the owner rules.

use super::{PASSWORD, invitation_token, invite, join, sign_in};
use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use serde_json::{Value, json};

async fn call(
    app: &TestApp,
    host: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    token: &str,
) -> reqwest::Response {
    app.send(method, host, path, body.as_ref(), Some(token))
        .await
}

async fn accept(app: &TestApp, host: &str, token: &str) -> reqwest::Response {
    app.send(
        Method::POST,
        host,
        "/api/v1/team/invitations/accept",
        Some(&json!({"token": token, "password": PASSWORD})),
        None,
    )
    .await
}

async fn member_id(app: &TestApp, host: &str, token: &str, email: &str) -> String {
    let res = call(app, host, Method::GET, "/api/v1/team", None, token).await;
    assert_eq!(res.status(), 200);
    let team: Value = res.json().await.unwrap();
    team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap_or_else(|| panic!("{email} in {team}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The owner invites a support agent: the e-mailed link works once, on the
/// seller's own portal; the agent signs in with the role's permissions.
#[tokio::test]
async fn an_invited_member_joins_once_with_the_role() {
    let app = TestApp::spawn().await;
    let op = app.operator("teama").await;
    let other = app.operator("teamb").await;
    let res = invite(&app, &op, &op.access_token, "agent@teama.test", "support").await;
    assert_eq!(res.status(), 201);
    // The owner's own address, and a bad role, are refused with the field.
    let res = invite(&app, &op, &op.access_token, &op.email, "support").await;
    assert_eq!(
        error_of(res).await,
        (409, "email_taken".into(), Some("email".into()))
    );
    let res = invite(&app, &op, &op.access_token, "x@teama.test", "boss").await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("role".into()))
    );
    let token = invitation_token(&app, "agent@teama.test").await;
    // Another operator's portal does not know the invitation.
    let res = accept(&app, &other.host(), &token).await;
    assert_eq!(error_of(res).await.0, 401);
    let res = accept(&app, &op.host(), &token).await;
    assert_eq!(res.status(), 201);
    let res = accept(&app, &op.host(), &token).await;
    assert_eq!(
        error_of(res).await.1,
        "invalid_token",
        "the link works once"
    );

    let agent = sign_in(&app, &op.host(), "agent@teama.test", PASSWORD).await;
    let me: Value = call(&app, &op.host(), Method::GET, "/api/v1/me", None, &agent)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "support");
    assert_eq!(me["email_verified"], true);
    assert_eq!(
        me["permissions"],
        json!(["read", "manage_customers", "cards", "own"])
    );
    // Support sees customers, may not move money nor see the team.
    let res = call(
        &app,
        &op.host(),
        Method::GET,
        "/api/v1/customers",
        None,
        &agent,
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = call(&app, &op.host(), Method::GET, "/api/v1/team", None, &agent).await;
    assert_eq!(error_of(res).await.1, "permission_denied");
    let team: Value = call(
        &app,
        &op.host(),
        Method::GET,
        "/api/v1/team",
        None,
        &op.access_token,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(team["members"].as_array().unwrap().len(), 2);
    assert_eq!(team["invitations"], json!([]));
}

/// Resending makes a new link (the old one stops working); an expired or
/// withdrawn link is refused.
#[tokio::test]
async fn resent_withdrawn_and_expired_links() {
    let app = TestApp::spawn().await;
    let op = app.operator("teamc").await;
    let v: Value = invite(&app, &op, &op.access_token, "late@teamc.test", "billing")
        .await
        .json()
        .await
        .unwrap();
    let id = v["id"].as_str().unwrap().to_owned();
    let first = invitation_token(&app, "late@teamc.test").await;
    let path = format!("/api/v1/team/invitations/{id}/resend");
    let res = call(
        &app,
        &op.host(),
        Method::POST,
        &path,
        None,
        &op.access_token,
    )
    .await;
    assert_eq!(res.status(), 200);
    // The new invitation replaces the old one.
    let resent: Value = res.json().await.unwrap();
    let id = resent["id"].as_str().unwrap().to_owned();
    let mut second = invitation_token(&app, "late@teamc.test").await;
    for _ in 0..50 {
        if second != first {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        second = invitation_token(&app, "late@teamc.test").await;
    }
    assert_ne!(first, second);
    assert_eq!(
        error_of(accept(&app, &op.host(), &first).await).await.0,
        401
    );

    // Expired after 72 hours.
    app.clock().advance(chrono::Duration::hours(73));
    assert_eq!(
        error_of(accept(&app, &op.host(), &second).await).await.0,
        401
    );
    app.clock().advance(chrono::Duration::hours(-73));

    // Withdrawn.
    let path = format!("/api/v1/team/invitations/{id}");
    let res = call(
        &app,
        &op.host(),
        Method::DELETE,
        &path,
        None,
        &op.access_token,
    )
    .await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        error_of(accept(&app, &op.host(), &second).await).await.0,
        401
    );
}

/// Roles apply at once; only owners touch owners; the last owner can be
/// neither demoted nor deactivated; a deactivated member is out at once.
#[tokio::test]
async fn owners_are_guarded_and_deactivation_is_immediate() {
    let app = TestApp::spawn().await;
    let op = app.operator("teamd").await;
    let host = op.host();
    let admin = join(&app, &op, "admin@teamd.test", "admin").await;
    let agent = join(&app, &op, "agent@teamd.test", "support").await;
    let owner_id = member_id(&app, &host, &op.access_token, &op.email).await;
    let agent_id = member_id(&app, &host, &op.access_token, "agent@teamd.test").await;
    let admin_id = member_id(&app, &host, &op.access_token, "admin@teamd.test").await;

    // An admin manages members but not owners.
    let res = invite(&app, &op, &admin, "boss@teamd.test", "owner").await;
    assert_eq!(error_of(res).await.1, "permission_denied");
    let owner_path = format!("/api/v1/team/members/{owner_id}");
    let res = call(
        &app,
        &host,
        Method::PATCH,
        &owner_path,
        Some(json!({"role": "admin"})),
        &admin,
    )
    .await;
    assert_eq!(error_of(res).await.1, "permission_denied");
    let agent_path = format!("/api/v1/team/members/{agent_id}");
    let res = call(
        &app,
        &host,
        Method::PATCH,
        &agent_path,
        Some(json!({"role": "billing"})),
        &admin,
    )
    .await;
    assert_eq!(res.status(), 200);
    // The agent's next request has billing's powers.
    let me: Value = call(&app, &host, Method::GET, "/api/v1/me", None, &agent)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "billing");

    // The last owner stays an owner.
    let res = call(
        &app,
        &host,
        Method::PATCH,
        &owner_path,
        Some(json!({"role": "admin"})),
        &op.access_token,
    )
    .await;
    assert_eq!(error_of(res).await.0, 409);
    let deactivate_owner = format!("{owner_path}/deactivate");
    let res = call(
        &app,
        &host,
        Method::POST,
        &deactivate_owner,
        None,
        &op.access_token,
    )
    .await;
    assert_eq!(error_of(res).await.0, 409, "not oneself");
    // Two owners: now one may step down.
    let admin_path = format!("/api/v1/team/members/{admin_id}");
    let res = call(
        &app,
        &host,
        Method::PATCH,
        &admin_path,
        Some(json!({"role": "owner"})),
        &op.access_token,
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = call(
        &app,
        &host,
        Method::PATCH,
        &owner_path,
        Some(json!({"role": "read_only"})),
        &op.access_token,
    )
    .await;
    assert_eq!(res.status(), 200);

    // Deactivation: out at once, cannot sign in; reactivation lets them back.
    let res = call(
        &app,
        &host,
        Method::POST,
        &format!("{agent_path}/deactivate"),
        None,
        &admin,
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = call(&app, &host, Method::GET, "/api/v1/customers", None, &agent).await;
    assert_eq!(error_of(res).await.0, 401);
    let res = app
        .send(
            Method::POST,
            &host,
            "/api/v1/auth/login",
            Some(&json!({"email": "agent@teamd.test", "password": PASSWORD})),
            None,
        )
        .await;
    assert_eq!(error_of(res).await.0, 401);
    let res = call(
        &app,
        &host,
        Method::POST,
        &format!("{agent_path}/reactivate"),
        None,
        &admin,
    )
    .await;
    assert_eq!(res.status(), 200);
    sign_in(&app, &host, "agent@teamd.test", PASSWORD).await;

    // Another operator's member is not found.
    let other = app.operator("teame").await;
    let res = call(
        &app,
        &other.host(),
        Method::PATCH,
        &agent_path,
        Some(json!({"role": "admin"})),
        &other.access_token,
    )
    .await;
    assert_eq!(error_of(res).await.0, 404);
}

/// Two owners demoting each other at the same moment: exactly one wins, and
/// the seller keeps an owner.
#[tokio::test]
async fn two_owners_demoting_each_other_leave_one_owner() {
    let app = TestApp::spawn().await;
    let op = app.operator("teamf").await;
    let host = op.host();
    let second = join(&app, &op, "second@teamf.test", "owner").await;
    let first_id = member_id(&app, &host, &op.access_token, &op.email).await;
    let second_id = member_id(&app, &host, &op.access_token, "second@teamf.test").await;
    let body = json!({"role": "admin"});
    let (path_a, path_b) = (
        format!("/api/v1/team/members/{second_id}"),
        format!("/api/v1/team/members/{first_id}"),
    );
    let (a, b) = tokio::join!(
        app.send(
            Method::PATCH,
            &host,
            &path_a,
            Some(&body),
            Some(&op.access_token)
        ),
        app.send(Method::PATCH, &host, &path_b, Some(&body), Some(&second)),
    );
    // The loser is refused either by the last-owner rule (both were owners
    // when they asked) or, when the winner had committed before the
    // loser's request began, because the loser is no longer an owner.
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert!(matches!(statuses, [200, 403 | 409]), "{statuses:?}");
    // Either way the first owner may still list the team (as owner or admin).
    let team: Value = call(
        &app,
        &host,
        Method::GET,
        "/api/v1/team",
        None,
        &op.access_token,
    )
    .await
    .json()
    .await
    .unwrap();
    let owners = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "owner")
        .count();
    assert_eq!(owners, 1, "{team}");
}
