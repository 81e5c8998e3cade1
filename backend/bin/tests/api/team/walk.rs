//! The role × route walk: every operation of the OpenAPI document, called
//! by a member of every role, answers as the permission matrix says —
//! `403 permission_denied` exactly where the role lacks the route's
//! permission, and never a `500`. Staff of every role are refused by the
//! customers' and the platform admins' routes.

use super::join;
use crate::helpers::TestApp;
use reqwest::Method;
use ringledger_shared::access::{Access, ApiKeyScope, Grants};
use ringledger_shared::api::routes::{self, Method as RouteMethod};
use ringledger_shared::status::StaffRole;
use serde_json::{Value, json};

fn route_method(m: &str) -> (RouteMethod, Method) {
    match m {
        "get" => (RouteMethod::Get, Method::GET),
        "post" => (RouteMethod::Post, Method::POST),
        "put" => (RouteMethod::Put, Method::PUT),
        "patch" => (RouteMethod::Patch, Method::PATCH),
        "delete" => (RouteMethod::Delete, Method::DELETE),
        other => panic!("method {other}"),
    }
}

/// `path` with every `{…}` parameter replaced by a fresh id.
fn filled(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').unwrap() + open;
        out.push_str(&uuid::Uuid::now_v7().to_string());
        rest = &rest[close + 1..];
    }
    out + rest
}

#[tokio::test]
async fn every_operation_answers_every_role_as_the_matrix_says() {
    let app = TestApp::spawn().await;
    let op = app.operator("walk").await;
    // Every role's member, and an API key of every scope: (who, grants, token).
    let mut members: Vec<(String, Grants, String)> = vec![(
        "owner".into(),
        StaffRole::Owner.grants(),
        op.access_token.clone(),
    )];
    for role in StaffRole::ALL.iter().filter(|r| **r != StaffRole::Owner) {
        let email = format!("{}@walk.test", role.as_str());
        let token = join(&app, &op, &email, role.as_str()).await;
        members.push((role.as_str().to_owned(), role.grants(), token));
    }
    for scope in ApiKeyScope::ALL {
        let res = app
            .send(
                Method::POST,
                &op.host(),
                "/api/v1/api-keys",
                Some(&json!({"name": format!("walk {scope}"), "scope": scope.as_str()})),
                Some(&op.access_token),
            )
            .await;
        assert_eq!(res.status(), 201);
        let key: Value = res.json().await.unwrap();
        let key = key["key"].as_str().unwrap().to_owned();
        members.push((format!("API key {scope}"), scope.grants(), key));
    }
    let doc: Value = app
        .send(Method::GET, &op.host(), "/api/openapi.json", None, None)
        .await
        .json()
        .await
        .unwrap();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let (rm, m) = route_method(method);
            let route = routes::find(rm, path)
                .unwrap_or_else(|| panic!("{method} {path} is not in the route table"));
            let needed = match route.access {
                Access::Staff(p) => Some(p),
                Access::Customer | Access::Admin => None,
                // Open to all, or proven otherwise (switch keys).
                Access::Public | Access::Switch | Access::SignedIn => continue,
            };
            let url = filled(path);
            let body = (m != Method::GET && m != Method::DELETE).then(|| json!({}));
            // The roles that may not, first: a refused request changes nothing.
            let mut order = members.clone();
            order.sort_by_key(|(_, g, _)| needed.is_some_and(|p| g.allows(p)));
            for (role, grants, token) in &order {
                let res = app
                    .send(m.clone(), &op.host(), &url, body.as_ref(), Some(token))
                    .await;
                let status = res.status().as_u16();
                let text = res.text().await.unwrap();
                let code = serde_json::from_str::<Value>(&text)
                    .ok()
                    .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                let what = format!("{method} {path} as {role}: {status} {text}");
                assert!(status < 500, "{what}");
                match needed {
                    Some(p) if grants.allows(p) => {
                        assert!(
                            status != 401 && code != "permission_denied",
                            "allowed, refused: {what}"
                        );
                    }
                    Some(_) => {
                        assert_eq!(
                            (status, code.as_str()),
                            (403, "permission_denied"),
                            "{what}"
                        );
                    }
                    None => assert!(matches!(status, 401 | 403), "not staff's: {what}"),
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 800, "walked {checked} calls");
}
