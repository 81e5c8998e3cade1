//! "Your sessions" (issue 21): a login lists its live sessions with device,
//! address and times, and revokes any; a revoked session's access token is
//! refused at once, not when it expires.

use crate::helpers::{TestApp, error_of, refresh_cookie};
use reqwest::Method;
use serde_json::{Value, json};

const FIREFOX: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";

/// Signs in on `host` from a browser saying `agent`: (access token, refresh cookie).
async fn sign_in_as(
    app: &TestApp,
    host: &str,
    path: &str,
    body: &Value,
    agent: &str,
) -> (String, String) {
    let res = app
        .client
        .post(app.url(path))
        .header("Host", format!("{host}:{}", app.port))
        .header("User-Agent", agent)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = refresh_cookie(&res).unwrap();
    let v: Value = res.json().await.unwrap();
    (v["access_token"].as_str().unwrap().to_owned(), cookie)
}

async fn sessions(app: &TestApp, host: &str, path: &str, token: &str) -> Vec<Value> {
    let res = app.send(Method::GET, host, path, None, Some(token)).await;
    assert_eq!(res.status(), 200);
    res.json::<Vec<Value>>().await.unwrap()
}

#[tokio::test]
async fn a_member_sees_and_revokes_its_sessions_at_once() {
    let app = TestApp::spawn().await;
    let op = app.operator("sessa").await;
    let host = op.host();
    let creds = json!({"email": op.email, "password": op.password});
    let (desk, _) = sign_in_as(&app, &host, "/api/v1/auth/login", &creds, FIREFOX).await;
    let (phone, phone_cookie) = sign_in_as(&app, &host, "/api/v1/auth/login", &creds, IPHONE).await;

    let list = sessions(&app, &host, "/api/v1/me/sessions", &desk).await;
    let mine = list
        .iter()
        .find(|s| s["current"] == true)
        .expect("the asking session");
    assert_eq!(mine["device"], "Firefox on Windows");
    assert!(mine["ip"].as_str().is_some());
    let other = list
        .iter()
        .find(|s| s["device"] == "Safari on iOS")
        .expect("the phone's session")
        .clone();
    assert_eq!(other["current"], false);

    // Revoked: the phone's access token is refused now, and its refresh too.
    let path = format!("/api/v1/me/sessions/{}", other["id"].as_str().unwrap());
    let res = app
        .send(Method::DELETE, &host, &path, None, Some(&desk))
        .await;
    assert_eq!(res.status(), 204);
    let res = app
        .send(Method::GET, &host, "/api/v1/customers", None, Some(&phone))
        .await;
    assert_eq!(error_of(res).await.0, 401);
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("Host", format!("{host}:{}", app.port))
        .header("Cookie", format!("rl_refresh={phone_cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // The desk goes on; the phone's session is no longer listed.
    let list = sessions(&app, &host, "/api/v1/me/sessions", &desk).await;
    assert!(
        list.iter().all(|s| s["device"] != "Safari on iOS"),
        "{list:?}"
    );
    // Another login's session is not found.
    let other_op = app.operator("sessb").await;
    let res = app
        .send(
            Method::DELETE,
            &other_op.host(),
            &path,
            None,
            Some(&other_op.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.0, 404);
}

#[tokio::test]
async fn a_customer_sees_and_revokes_its_sessions() {
    let app = TestApp::spawn().await;
    let op = app.operator("sessc").await;
    let host = op.host();
    let plans = crate::customers::shop(&app, &op).await;
    let first = crate::customers::verified_login(&app, &op, &plans, "cy@sessc.test").await;
    let first = first["access_token"].as_str().unwrap().to_owned();
    let creds = json!({"email": "cy@sessc.test", "password": "first password"});
    let (second, _) = sign_in_as(&app, &host, "/api/v1/my/login", &creds, IPHONE).await;
    let list = sessions(&app, &host, "/api/v1/my/sessions", &second).await;
    assert_eq!(list.len(), 2, "{list:?}");
    let other = list.iter().find(|s| s["current"] == false).unwrap();
    let path = format!("/api/v1/my/sessions/{}", other["id"].as_str().unwrap());
    assert_eq!(
        app.send(Method::DELETE, &host, &path, None, Some(&second))
            .await
            .status(),
        204
    );
    let res = app
        .send(Method::GET, &host, "/api/v1/my/account", None, Some(&first))
        .await;
    assert_eq!(error_of(res).await.0, 401);
    let res = app
        .send(
            Method::GET,
            &host,
            "/api/v1/my/account",
            None,
            Some(&second),
        )
        .await;
    assert_eq!(res.status(), 200);
}
