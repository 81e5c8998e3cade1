//! The one-flow sign-up: provisioning, e-mail verification, field checks, bundles, limits.

use super::*;

fn signup_body(plans: &Value, email: &str, anis: &[&str]) -> Value {
    json!({
        "name": "Ada Lovelace",
        "email": email,
        "password": "analytical engine",
        "services": [
            {"kind": "calling_card", "plan_id": plans["calling_card"]},
            {"kind": "calling_card", "plan_id": plans["calling_card"]},
            {"kind": "pinless", "plan_id": plans["pinless"], "anis": anis},
            {"kind": "sip", "plan_id": plans["sip"]},
            {"kind": "video", "plan_id": plans["video"]},
        ]
    })
}

#[tokio::test]
async fn one_flow_signs_up_for_every_service_then_verifies_and_logs_in() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let plans = shop(&app, &op).await;

    let offers: Value = app
        .send(Method::GET, &op.host(), "/api/v1/portal/offers", None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(offers["plans"].as_array().unwrap().len(), 4);
    assert_eq!(offers["currency"], "EUR");
    let rates: Value = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/portal/rates?number=%2B44%207811%20123456",
            None,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rates["number"], "447811123456");
    assert_eq!(rates["offers"].as_array().unwrap().len(), 4);
    assert_eq!(rates["offers"][0]["rate"]["prefix"], "447");
    assert_eq!(rates["offers"][0]["rate"]["rate_per_minute"], "0.2");
    let res = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/portal/rates?number=abc",
            None,
            None,
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("number"));

    let res = signup(
        &app,
        &op,
        &signup_body(
            &plans,
            "ada@example.test",
            &["+1 555 010 0199", "0044 20 7946 0000"],
        ),
    )
    .await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    let c = &v["customer"];
    assert_eq!(c["status"], "pending_verification");
    assert_eq!(c["account"]["kind"], "prepaid");
    assert_eq!(c["account"]["currency"], "EUR");
    assert_eq!(c["account"]["balance"], "0");
    let services = c["services"].as_array().unwrap();
    assert_eq!(services.len(), 5);
    let cards: Vec<&Value> = services
        .iter()
        .filter(|s| s["kind"] == "calling_card")
        .collect();
    assert_eq!(cards.len(), 2);
    for card in &cards {
        let pin = card["pin"].as_str().unwrap();
        assert_eq!(pin.len(), 10);
        assert!(pin.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(card["serial"].as_str().unwrap().len(), 12);
    }
    assert_ne!(cards[0]["pin"], cards[1]["pin"]);
    let pinless = services.iter().find(|s| s["kind"] == "pinless").unwrap();
    assert_eq!(pinless["anis"], json!(["+15550100199", "+442079460000"]));
    for kind in ["sip", "video"] {
        let s = services.iter().find(|s| s["kind"] == kind).unwrap();
        assert_eq!(s["username"].as_str().unwrap().len(), 10);
        assert_eq!(s["password"].as_str().unwrap().len(), 20);
    }

    // Not verified yet.
    let login = json!({"email": "ada@example.test", "password": "analytical engine"});
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/login",
            Some(&login),
            None,
        )
        .await;
    assert_eq!(
        error_of(res).await,
        (403, "email_not_verified".into(), None)
    );

    let mail = wait_for_mail(&app, "ada@example.test").await;
    assert!(mail.contains("Confirm your e-mail"), "{mail}");
    let token = mail
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/verify-email",
            Some(&json!({"token": token})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let again = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/verify-email",
            Some(&json!({"token": token})),
            None,
        )
        .await;
    assert_eq!(again.status(), 200, "a second click is harmless");
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/verify-email",
            Some(&json!({"token": "x.y"})),
            None,
        )
        .await;
    assert_eq!(error_of(res).await.1, "invalid_token");

    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/login",
            Some(&login),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let session: Value = res.json().await.unwrap();
    assert_eq!(session["me"]["kind"], "customer");
    let token = session["access_token"].as_str().unwrap();
    let account: Value = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/my/account",
            None,
            Some(token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(account["status"], "active");
    assert_eq!(account["services"].as_array().unwrap().len(), 5);
    assert!(
        account["services"][0]["pin"].is_null(),
        "secrets are revealed one at a time"
    );
    let sip_id = account["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "sip")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let revealed: Value = app
        .send(
            Method::GET,
            &op.host(),
            &format!("/api/v1/my/services/{sip_id}/credentials"),
            None,
            Some(token),
        )
        .await
        .json()
        .await
        .unwrap();
    let created_sip = services.iter().find(|s| s["kind"] == "sip").unwrap();
    assert_eq!(revealed["password"], created_sip["password"]);

    // A customer token opens no staff route.
    let res = app
        .send(
            Method::GET,
            &op.host(),
            "/api/v1/rate-decks",
            None,
            Some(token),
        )
        .await;
    assert_eq!(error_of(res).await.0, 403);
}

#[tokio::test]
async fn a_registered_number_is_refused_at_its_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let plans = shop(&app, &op).await;
    assert_eq!(
        signup(
            &app,
            &op,
            &signup_body(&plans, "ada@example.test", &["+15550100199"])
        )
        .await
        .status(),
        201
    );

    let res = signup(
        &app,
        &op,
        &signup_body(&plans, "bob@example.test", &["+1 (555) 010-0199"]),
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (409, "conflict".into(), Some("services[2].anis[0]".into()))
    );
    // Nothing of Bob's was kept: the same e-mail signs up with another number.
    let res = signup(
        &app,
        &op,
        &signup_body(&plans, "bob@example.test", &["+15550100200"]),
    )
    .await;
    assert_eq!(res.status(), 201);
    let res = signup(
        &app,
        &op,
        &signup_body(&plans, "BOB@example.test", &["+15550100201"]),
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (409, "email_taken".into(), Some("email".into()))
    );
}

#[tokio::test]
async fn every_signup_field_is_checked() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let plans = shop(&app, &op).await;
    let base = signup_body(&plans, "x@example.test", &["+15550100199"]);
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Change)> = vec![
        ("name", Box::new(|b| b["name"] = json!(""))),
        ("email", Box::new(|b| b["email"] = json!("nope"))),
        ("password", Box::new(|b| b["password"] = json!("short"))),
        ("services", Box::new(|b| b["services"] = json!([]))),
        (
            "services[0].kind",
            Box::new(|b| b["services"][0]["kind"] = json!("fax")),
        ),
        (
            "services[0].plan_id",
            Box::new(|b| b["services"][0]["plan_id"] = json!(null)),
        ),
        (
            "services[0].plan_id",
            Box::new(|b| b["services"][0]["plan_id"] = json!(b["services"][3]["plan_id"].clone())),
        ),
        (
            "services[2].anis",
            Box::new(|b| b["services"][2]["anis"] = json!([])),
        ),
        (
            "services[2].anis[0]",
            Box::new(|b| b["services"][2]["anis"] = json!(["555-0100"])),
        ),
        (
            "services[2].anis[1]",
            Box::new(|b| b["services"][2]["anis"] = json!(["+15550100199", "+1 555 010 0199"])),
        ),
        (
            "services[3].anis",
            Box::new(|b| b["services"][3]["anis"] = json!(["+15550100777"])),
        ),
        (
            "bundle_id",
            Box::new(|b| b["bundle_id"] = json!("00000000-0000-0000-0000-000000000000")),
        ),
    ];
    for (field, change) in cases {
        let mut body = base.clone();
        change(&mut body);
        let res = signup(&app, &op, &body).await;
        let (status, code, named) = error_of(res).await;
        assert_eq!(
            (status, code.as_str(), named.as_deref()),
            (400, "validation_failed", Some(field)),
            "{body}"
        );
    }
    let res = app
        .send(
            Method::POST,
            "localhost",
            "/api/v1/portal/signup",
            Some(&base),
            None,
        )
        .await;
    assert_eq!(
        error_of(res).await.1,
        "portal_not_found",
        "sign-up happens on a portal"
    );
}

#[tokio::test]
async fn a_bundle_alone_brings_its_services() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let group: Value = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/destination-groups",
            Some(&json!({"name": "NA", "prefixes": ["1"]})),
            Some(&op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let bundle: Value = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/bundles",
            Some(&json!({"name": "Talk", "monthly_fee": "19", "service_kinds": ["calling_card", "sip"],
                         "allowances": [{"group_id": group["id"], "minutes": 500}]})),
            Some(&op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let body = json!({"name": "Ann", "email": "ann@example.test", "password": "long enough", "bundle_id": bundle["id"]});
    let res = signup(&app, &op, &body).await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    let kinds: Vec<&str> = v["customer"]["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["calling_card", "sip"]);
    assert!(v["customer"]["services"][0]["bundle_subscription_id"].is_string());
    let sub = &v["customer"]["bundles"][0];
    assert_eq!(sub["bundle"]["name"], "Talk");
    assert_eq!(sub["allowances_left"][0]["group_name"], "NA");
    assert_eq!(sub["allowances_left"][0]["included_secs"], 30000);
    assert_eq!(sub["bundle"]["allowances"][0]["group_name"], "NA");
}

#[tokio::test]
async fn concurrent_signups_with_one_email_create_one_customer() {
    let app = TestApp::spawn().await;
    let op = app.operator("acme").await;
    let plans = shop(&app, &op).await;
    let a = signup_body(&plans, "twin@example.test", &["+15550100501"]);
    let b = signup_body(&plans, "twin@example.test", &["+15550100502"]);
    let (ra, rb) = tokio::join!(signup(&app, &op, &a), signup(&app, &op, &b));
    let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409]);
}

#[tokio::test]
async fn public_signups_are_rate_limited_per_ip() {
    let app = TestApp::spawn_with(|s| s.signups_per_ip_per_hour = 2).await;
    let op = app.operator("acme").await;
    let plans = shop(&app, &op).await;
    for (i, ani) in ["+15550100601", "+15550100602"].iter().enumerate() {
        let res = signup(
            &app,
            &op,
            &signup_body(&plans, &format!("r{i}@example.test"), &[ani]),
        )
        .await;
        assert_eq!(res.status(), 201);
    }
    let res = signup(
        &app,
        &op,
        &signup_body(&plans, "r9@example.test", &["+15550100609"]),
    )
    .await;
    assert_eq!(error_of(res).await, (429, "rate_limited".into(), None));
}
