//! `GET /api/v1/my/calls` and its CSV export (issue 24): a customer's own
//! rated calls, by service, period and number, masked per the seller.

use super::*;
use crate::helpers::verify_email;

/// Signs `email` in on the world's portal: its access token.
async fn sign_in(app: &TestApp, w: &World, email: &str) -> String {
    crate::helpers::customer_token(app, &w.op.host(), email).await
}

async fn get(app: &TestApp, w: &World, token: &str, query: &str) -> reqwest::Response {
    app.send(
        Method::GET,
        &w.op.host(),
        &format!("/api/v1/my/calls{query}"),
        None,
        Some(token),
    )
    .await
}

async fn page(app: &TestApp, w: &World, token: &str, query: &str) -> Value {
    let res = get(app, w, token, query).await;
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.unwrap()
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["destination"].as_str().unwrap().to_owned())
        .collect()
}

/// The world's customer with three rated calls (two on SIP, one PINless)
/// and one rejected: its token and its SIP service's id.
async fn calls_world(app: &TestApp) -> (World, String, String) {
    let w = world(app, None).await;
    top_up(app, &w, "5.00").await;
    post(app, &w, json!([
        cdr("c1", &w.sip, "1555", 60, "2026-11-20T10:00:00Z"),
        cdr("c2", &w.sip, "4420", 61, "2026-11-21T10:00:00Z"),
        {"call_id": "c3", "service": "pinless", "ani": "+15550100001", "destination": "1555", "start_time": "2026-11-21T11:00:00Z", "duration_secs": 30},
        cdr("c4", &w.sip, "99", 10, "2026-11-22T10:00:00Z"),
    ]))
    .await;
    let token = sign_in(app, &w, "al@example.test").await;
    let me = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/my/account",
            None,
            Some(&token),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    let sip = me["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "sip")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (w, token, sip)
}

#[tokio::test]
async fn customers_page_through_their_calls_by_service_period_and_number() {
    let app = TestApp::spawn().await;
    let (w, token, sip) = calls_world(&app).await;

    // Rated calls only (the unknown destination is not the customer's
    // call), newest first, with what each one cost.
    let all = page(&app, &w, &token, "").await;
    assert_eq!(all["total"], 3, "{all}");
    assert_eq!(numbers(&all), ["1555", "4420", "1555"]);
    let c2 = &all["items"][1];
    assert_eq!(
        (
            c2["service_kind"].as_str(),
            c2["duration_secs"].as_i64(),
            c2["billable_secs"].as_i64(),
            c2["covered_secs"].as_i64(),
            c2["charge"].as_str(),
        ),
        (Some("sip"), Some(61), Some(120), Some(0), Some("0.2000"))
    );

    let by_service = page(&app, &w, &token, &format!("?service_id={sip}")).await;
    assert_eq!(
        (by_service["total"].as_u64(), numbers(&by_service)),
        (Some(2), vec!["4420".to_owned(), "1555".to_owned()])
    );
    let by_number = page(&app, &w, &token, "?number=442").await;
    assert_eq!(numbers(&by_number), ["4420"]);
    let by_day = page(&app, &w, &token, "?from=2026-11-21&to=2026-11-21").await;
    assert_eq!(by_day["total"], 2);
    let second = page(&app, &w, &token, "?limit=1&offset=1").await;
    assert_eq!(
        (second["total"].as_u64(), numbers(&second)),
        (Some(3), vec!["4420".to_owned()])
    );

    // Bad input names its field; a service not the customer's is not found.
    let (status, _, field) = error_of(get(&app, &w, &token, "?from=21.11.2026").await).await;
    assert_eq!((status, field.as_deref()), (400, Some("from")));
    let other = uuid::Uuid::now_v7();
    let (status, code, _) =
        error_of(get(&app, &w, &token, &format!("?service_id={other}")).await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));
    // A staff token is not a customer's; a stranger is not signed in.
    assert_eq!(get(&app, &w, &w.op.access_token, "").await.status(), 403);
    let res = app
        .send(Method::GET, &w.op.host(), "/api/v1/my/calls", None, None)
        .await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn another_customer_sees_none_of_them() {
    let app = TestApp::spawn().await;
    let (w, _, sip) = calls_world(&app).await;
    let plan = crate::authorize::sip_plan(&app, &w.op).await;
    let body = json!({"name": "Bo", "email": "bo@example.test", "password": "long password",
        "services": [{"kind": "sip", "plan_id": plan}]});
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await;
    assert!(res.status().is_success());
    verify_email(&app, &w.op.host(), "bo@example.test").await;
    let bo = sign_in(&app, &w, "bo@example.test").await;
    let mine = page(&app, &w, &bo, "").await;
    assert_eq!((mine["total"].as_u64(), numbers(&mine).len()), (Some(0), 0));
    // Al's service answers 404 to Bo, in the list and in the export.
    let query = format!("?service_id={sip}");
    assert_eq!(get(&app, &w, &bo, &query).await.status(), 404);
    let res = app
        .send(
            Method::GET,
            &w.op.host(),
            &format!("/api/v1/my/calls/export.csv{query}"),
            None,
            Some(&bo),
        )
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn the_seller_masks_the_numbers_called_and_the_export_follows() {
    let app = TestApp::spawn().await;
    let (w, token, _) = calls_world(&app).await;
    let mut settings = staff(
        &app,
        &w.op,
        Method::GET,
        "/api/v1/settings/billing",
        json!(null),
    )
    .await;
    assert_eq!(settings["mask_called_digits"], 0);
    settings["mask_called_digits"] = json!(7);
    let res = app
        .send(
            Method::PUT,
            &w.op.host(),
            "/api/v1/settings/billing",
            Some(&settings),
            Some(&w.op.access_token),
        )
        .await;
    let (status, _, field) = error_of(res).await;
    assert_eq!(
        (status, field.as_deref()),
        (400, Some("mask_called_digits"))
    );
    settings["mask_called_digits"] = json!(2);
    let saved = staff(
        &app,
        &w.op,
        Method::PUT,
        "/api/v1/settings/billing",
        settings,
    )
    .await;
    assert_eq!(saved["mask_called_digits"], 2);

    assert_eq!(
        numbers(&page(&app, &w, &token, "").await),
        ["15xx", "44xx", "15xx"]
    );
    let res = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/my/calls/export.csv?number=442",
            None,
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = res.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "start_time,service,number,duration_secs,billable_secs,allowance_secs,charge,service_id"
    );
    assert_eq!(lines.len(), 2, "{body}");
    assert!(
        lines[1].starts_with("2026-11-21T10:00:00+00:00,sip,44xx,61,120,0,0.2000,"),
        "{body}"
    );
    // The staff's own search still shows the numbers whole.
    let cdrs = staff(
        &app,
        &w.op,
        Method::GET,
        "/api/v1/cdrs?number=4420",
        json!(null),
    )
    .await;
    assert_eq!(cdrs["items"][0]["destination"], "4420");
}
