//! Resellers' brands, logos and portals; bad input is named.

use super::*;

/// A valid 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

async fn put_logo(app: &TestApp, who: &Operator, bytes: Vec<u8>, kind: &str) -> reqwest::Response {
    app.client
        .put(app.url("/api/v1/settings/brand/logo"))
        .header("Host", format!("{}:{}", who.host(), app.port))
        .header("Content-Type", kind)
        .bearer_auth(&who.access_token)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn resellers_brand_their_portal_and_bad_input_is_named() {
    let app = TestApp::spawn().await;
    let s = shop(&app, "prepaid").await;
    // Bad fields, all named at once.
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/resellers",
            Some(
                &json!({"name": "", "slug": "B", "owner_email": "x", "owner_password": "short",
                "markup_kind": "percent", "markup_value": "-1", "account_kind": "postpaid"}),
            ),
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("name".into()))
    );
    let mut create = json!({"name": "Blue Calls", "slug": "blue", "owner_email": "owner@blue.test",
        "owner_password": "reseller password", "markup_kind": "percent", "markup_value": "10",
        "account_kind": "prepaid", "custom_domain": "Calls.Blue.Example"});
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/resellers",
            Some(&create),
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(res.status(), 201);
    let blue_v: Value = res.json().await.unwrap();
    assert_eq!(blue_v["custom_domain"], "calls.blue.example");
    // The domain is claimed, not mapped: it serves nothing until its owner
    // publishes the TXT record and the parent verifies it (issue 20).
    assert_eq!(blue_v["custom_domain_verified"], false);
    assert_eq!(
        blue_v["custom_domain_txt_name"],
        "_ringledger.calls.blue.example"
    );
    let txt = blue_v["custom_domain_txt_value"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(txt.starts_with("ringledger-verify="), "{txt}");
    let res = app
        .send(
            Method::GET,
            "calls.blue.example",
            "/api/v1/portal",
            None,
            None,
        )
        .await;
    assert_eq!(
        error_of(res).await.0,
        404,
        "an unproven domain serves nothing"
    );
    let verify = format!(
        "/api/v1/resellers/{}/domain/verify",
        blue_v["id"].as_str().unwrap()
    );
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            &verify,
            None,
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(
        error_of(res).await,
        (409, "conflict".into(), Some("custom_domain".into()))
    );
    app.dns
        .set("_ringledger.calls.blue.example", &["v=spf1 -all", &txt]);
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            &verify,
            None,
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let proven: Value = res.json().await.unwrap();
    assert_eq!(proven["custom_domain_verified"], true);
    assert!(proven["custom_domain_txt_value"].is_null());
    // Taken slug, e-mail and domain: 409 naming the field; nothing written.
    for (field, value) in [
        ("slug", json!("blue")),
        ("owner_email", json!("owner@blue.test")),
        ("custom_domain", json!("calls.blue.example")),
    ] {
        let mut again = create.clone();
        again["slug"] = json!("other");
        again["owner_email"] = json!("other@blue.test");
        again["custom_domain"] = Value::Null;
        again[field] = value;
        let res = app
            .send(
                Method::POST,
                &s.op.host(),
                "/api/v1/resellers",
                Some(&again),
                Some(&s.op.access_token),
            )
            .await;
        let (status, _, f) = error_of(res).await;
        assert_eq!((status, f.as_deref()), (409, Some(field)));
    }
    create["custom_domain"] = json!("portal.acme.localhost");
    create["slug"] = json!("other");
    create["owner_email"] = json!("other@blue.test");
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/resellers",
            Some(&create),
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("custom_domain"));
    let list = staff(&app, &s.op, Method::GET, "/api/v1/resellers", json!(null)).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing half-written");

    let mut blue = Operator {
        tenant_id: s.op.tenant_id.clone(),
        slug: "blue.acme".into(),
        email: "owner@blue.test".into(),
        password: "reseller password".into(),
        access_token: String::new(),
        refresh_token: String::new(),
    };
    login(&app, &mut blue).await;
    let me = staff(&app, &blue, Method::GET, "/api/v1/me", json!(null)).await;
    assert_eq!(me["kind"], "reseller");

    // The brand: colours and name on the portal, on both of its hosts.
    let brand = staff(
        &app,
        &blue,
        Method::PUT,
        "/api/v1/settings/brand",
        json!({"name": "Blue Phone Co", "primary_color": "#0F766E", "accent_color": "#f59e0b",
               "support_email": "help@blue.test", "address": "2 Side St", "tax_id": "GB999",
               "sip_server": " SIP.Blue.test "}),
    )
    .await;
    assert_eq!(brand["primary_color"], "#0f766e");
    // The SIP server its customers' phones register with: port 5060 unless given.
    assert_eq!(brand["sip_server"], "sip.blue.test:5060");
    for host in ["blue.acme.localhost", "calls.blue.example"] {
        let p: Value = app
            .send(Method::GET, host, "/api/v1/portal", None, None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (p["name"].as_str(), p["primary_color"].as_str()),
            (Some("Blue Phone Co"), Some("#0f766e")),
            "{host}"
        );
        assert_eq!(p["sip_server"], "sip.blue.test:5060", "{host}");
    }
    let op_portal: Value = app
        .send(Method::GET, &s.op.host(), "/api/v1/portal", None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(op_portal["name"], "Blue Phone Co");
    assert_eq!(op_portal["sip_server"], Value::Null);
    let res = app
        .send(
            Method::PUT,
            &blue.host(),
            "/api/v1/settings/brand",
            Some(
                &json!({"name": "Blue", "primary_color": "#fff", "accent_color": "#fff",
                "sip_server": "sip://blue.test:99999"}),
            ),
            Some(&blue.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("sip_server"));
    let res = app
        .send(
            Method::PUT,
            &blue.host(),
            "/api/v1/settings/brand",
            Some(&json!({"name": "Blue", "primary_color": "blue", "accent_color": "#fff"})),
            Some(&blue.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("primary_color"));

    // The logo: a real image only, size-limited, served on its portal.
    let res = put_logo(
        &app,
        &blue,
        b"<svg onload=alert(1)>".to_vec(),
        "image/svg+xml",
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("logo".into()))
    );
    let mut big = PNG.to_vec();
    big.resize(300 * 1024, 0);
    let res = put_logo(&app, &blue, big, "image/png").await;
    assert_eq!(error_of(res).await.0, 413);
    let res = put_logo(&app, &blue, PNG.to_vec(), "application/octet-stream").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["has_logo"], true);
    let logo = app
        .send(Method::GET, &blue.host(), "/api/v1/portal/logo", None, None)
        .await;
    assert_eq!(logo.status(), 200);
    assert_eq!(logo.headers()["content-type"], "image/png");
    assert_eq!(logo.bytes().await.unwrap().as_ref(), PNG);
    let none = app
        .send(Method::GET, &s.op.host(), "/api/v1/portal/logo", None, None)
        .await;
    assert_eq!(none.status(), 404, "the operator has no logo");

    // Depth: the operator allows two levels by default.
    let (navy, _) = reseller(
        &app,
        &blue,
        "navy",
        ("percent", "5"),
        ("prepaid", None),
        "0",
    )
    .await;
    let res = app
        .send(
            Method::POST,
            &navy.host(),
            "/api/v1/resellers",
            Some(&json!({"name": "Deep", "slug": "deep", "owner_email": "owner@deep.test",
                "owner_password": "reseller password", "markup_kind": "percent", "markup_value": "1",
                "account_kind": "prepaid"})),
            Some(&navy.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.0, 403);
}
