//! On-net calls (issue 24): a call to a number one of the tenant's
//! customers holds is priced at the operator's on-net rate (zero unless
//! set, billed by the second, no connect fee, no allowance spent), when it
//! is authorized and when its CDR is rated; resellers add their markups.

use crate::authorize::staff;
use crate::billing::{post_cdrs, shop};
use crate::helpers::{TestApp, error_of, verify_email};
use crate::numbers_sale::signup;
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal: {v}"))
        .parse()
        .unwrap()
}

fn sip_user(customer: &Value) -> String {
    customer["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "sip")
        .unwrap()["username"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn calls_to_the_tenants_own_numbers_are_on_net() {
    let app = TestApp::spawn().await;
    let s = shop(&app).await;
    let host = s.op.host();
    let csv = "number,country,monthly_fee,setup_fee\n442071234567,GB,1,0\n442071234568,GB,1,0\n";
    let res = app
        .send_csv(
            Method::POST,
            &host,
            "/api/v1/numbers/import",
            csv,
            &s.op.access_token,
        )
        .await;
    assert_eq!(res.status(), 200);
    let free: Value = app
        .send(
            Method::GET,
            &host,
            "/api/v1/portal/numbers?digits=4567",
            None,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    // Bo takes London (a free number needs no reservation); Al calls it.
    let (status, bo) = signup(
        &app,
        &host,
        "Bo",
        json!([{"kind": "sip", "plan_id": s.plans["sip"],
        "numbers": [{"id": free[0]["id"]}]}]),
    )
    .await;
    assert_eq!(status, 201, "{bo}");
    let (_, al) = signup(
        &app,
        &host,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    verify_email(&app, &host, "al@example.test").await;
    let (al_sip, bo_sip) = (sip_user(&al["customer"]), sip_user(&bo["customer"]));
    let authorize = |destination: &str| {
        let (app, host, key) = (&app, host.clone(), s.key.clone());
        let body = json!({"service": "sip", "sip_username": al_sip, "destination": destination, "reserve": false});
        async move {
            let res = app
                .send(
                    Method::POST,
                    &host,
                    "/api/v1/authorize",
                    Some(&body),
                    Some(&key),
                )
                .await;
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()
        }
    };

    // Zero by default: free, whatever the deck says about +44.
    let v = authorize("+44 20 7123 4567").await;
    assert_eq!(v["authorized"], true, "{v}");
    assert_eq!(
        (dec(&v["rate_per_minute"]), dec(&v["connect_fee"])),
        (Decimal::ZERO, Decimal::ZERO)
    );
    assert_eq!(v["prefix"], "442071234567");

    // The operator sets a rate; resellers and bad values are refused.
    let get = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/settings/on-net",
        json!(null),
    )
    .await;
    assert_eq!(dec(&get["rate_per_minute"]), Decimal::ZERO);
    let put = |body: Value| {
        let (app, host, token) = (&app, host.clone(), s.op.access_token.clone());
        async move {
            app.send(
                Method::PUT,
                &host,
                "/api/v1/settings/on-net",
                Some(&body),
                Some(&token),
            )
            .await
        }
    };
    let res = put(json!({"rate_per_minute": "-1"})).await;
    assert_eq!(
        error_of(res).await,
        (
            400,
            "validation_failed".into(),
            Some("rate_per_minute".into())
        )
    );
    let res = put(json!({"rate_per_minute": "100000000000000"})).await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("rate_per_minute"));
    let res = put(json!({"rate_per_minute": "0.0000001"})).await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("rate_per_minute"));
    let res = put(json!({"rate_per_minute": "0.01"})).await;
    assert_eq!(res.status(), 200);
    let (r, _) = crate::resellers::reseller(
        &app,
        &s.op,
        "tel",
        ("percent", "10"),
        ("postpaid", Some("100")),
        "0",
    )
    .await;
    let res = app
        .send(
            Method::PUT,
            &r.host(),
            "/api/v1/settings/on-net",
            Some(&json!({"rate_per_minute": "0"})),
            Some(&r.access_token),
        )
        .await;
    assert_eq!(res.status(), 403);
    let seen = staff(
        &app,
        &r,
        Method::GET,
        "/api/v1/settings/on-net",
        json!(null),
    )
    .await;
    assert_eq!(
        dec(&seen["rate_per_minute"]),
        Decimal::new(1, 2),
        "resellers read it"
    );

    let v = authorize("442071234567").await;
    assert_eq!(dec(&v["rate_per_minute"]), Decimal::new(1, 2), "{v}");
    assert_eq!(v["allowance_secs"], 0);
    // A number nobody holds is a call to those digits.
    let v = authorize("442071234568").await;
    assert_eq!(
        (dec(&v["rate_per_minute"]), v["prefix"].as_str()),
        (Decimal::new(10, 2), Some("44"))
    );

    // Rating: 61 s on-net at 0.01/min by the second; 61 s off-net on the
    // deck's 60/60 increments at 0.10/min; Bo's 30 s to a number nobody
    // holds, one increment.
    let out = post_cdrs(&app, &s, json!([
        {"call_id": "on1", "service": "sip", "sip_username": al_sip, "destination": "+442071234567",
         "start_time": "2026-11-10T10:00:00Z", "duration_secs": 61},
        {"call_id": "off1", "service": "sip", "sip_username": al_sip, "destination": "442071234568",
         "start_time": "2026-11-10T11:00:00Z", "duration_secs": 61},
        {"call_id": "bo1", "service": "sip", "sip_username": bo_sip, "destination": "442071234568",
         "start_time": "2026-11-10T12:00:00Z", "duration_secs": 30},
    ])).await;
    assert_eq!(out["accepted"], 3, "{out}");
    let cdrs = staff(&app, &s.op, Method::GET, "/api/v1/cdrs", json!(null)).await;
    let find = |id: &str| {
        cdrs["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["call_id"] == id)
            .unwrap()
            .clone()
    };
    let on = find("on1");
    assert_eq!(
        (on["prefix"].as_str(), on["billable_secs"].as_i64()),
        (Some("442071234567"), Some(61))
    );
    assert_eq!(dec(&on["charge"]), Decimal::new(102, 4), "{on}");
    let off = find("off1");
    assert_eq!(
        (off["prefix"].as_str(), dec(&off["charge"])),
        (Some("44"), Decimal::new(2000, 4))
    );
    assert_eq!(dec(&find("bo1")["charge"]), Decimal::new(1000, 4));
}
