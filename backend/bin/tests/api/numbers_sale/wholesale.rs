//! Numbers of a reseller's customers: markups and wholesale.

use super::*;
/// A reseller's portal sells numbers with its markup; its staff assign one
/// to their customer (not to the operator's); the customer pays the
/// markup, the reseller's wholesale account the operator's price.
#[tokio::test]
async fn a_resellers_customer_pays_its_markup_and_the_reseller_pays_wholesale() {
    let app = TestApp::spawn().await;
    let mut s = stocked(&app).await;
    let (mut r, r_view) = crate::resellers::reseller(
        &app,
        &s.op,
        "tel",
        ("percent", "10"),
        ("postpaid", Some("100")),
        "0",
    )
    .await;
    let (status, gb) = offered(&app, &r.host(), "?country=GB").await;
    assert_eq!(status, 200);
    assert_eq!(
        (gb[0]["monthly_fee"].as_str(), gb[0]["setup_fee"].as_str()),
        (Some("1.65"), Some("5.50"))
    );
    let london = id_of(&gb, "442071234567");
    let paris = id_of(&offered(&app, &r.host(), "").await.1, "33170000001");
    let (_, held) = reserve(&app, &r.host(), &london).await;
    let (status, cy) = signup(
        &app,
        &r.host(),
        "Cy",
        json!([{"kind": "sip", "plan_id": s.plans["sip"],
        "numbers": [{"id": london, "reservation": held["reservation"]}]}]),
    )
    .await;
    assert_eq!(status, 201, "{cy}");
    let (_, al) = signup(
        &app,
        &s.op.host(),
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 11, 16, 9, 0, 0).unwrap(),
    )
    .await;
    crate::resellers::login(&app, &mut r).await;
    let assign = |service: &Value| {
        let (app, r, path) = (&app, &r, format!("/api/v1/numbers/{paris}/status"));
        let body = json!({"status": "assigned", "service_id": service});
        async move {
            app.send(
                Method::POST,
                &r.host(),
                &path,
                Some(&body),
                Some(&r.access_token),
            )
            .await
        }
    };
    assert_eq!(
        assign(&sip_of(&al["customer"])["id"]).await.status(),
        404,
        "the operator's customer"
    );
    let res = assign(&sip_of(&cy["customer"])["id"]).await;
    assert_eq!(res.status(), 200);
    // The reseller sees which of its customers' services holds it.
    let mine = staff(
        &app,
        &r,
        Method::GET,
        "/api/v1/numbers?status=assigned",
        json!(null),
    )
    .await;
    assert_eq!(mine["total"], 2);
    assert!(
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| !n["service_id"].is_null()),
        "{mine}"
    );
    // It may not port a number out.
    let res = app
        .send(
            Method::POST,
            &r.host(),
            &format!("/api/v1/numbers/{paris}/status"),
            Some(&json!({"status": "porting_out"})),
            Some(&r.access_token),
        )
        .await;
    assert_eq!(res.status(), 403);

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap(),
    )
    .await;
    crate::resellers::login(&app, &mut r).await;
    bill(&app, &r, json!({})).await;
    let l = lines(&app, &r, &cy["customer"]["id"]).await;
    assert!(
        l.contains(&("Number +442071234567".into(), "1.65".into())),
        "{l:?}"
    );
    assert!(
        l.contains(&("Setup of number +442071234567".into(), "5.50".into())),
        "{l:?}"
    );
    assert!(
        l.contains(&("Number +33170000001 (15 of 30 days)".into(), "1.10".into())),
        "{l:?}"
    );
    bill(&app, &s.op, json!({})).await;
    let w = lines(&app, &s.op, &r_view["wholesale"]["customer_id"]).await;
    assert!(
        w.contains(&("Wholesale number +442071234567".into(), "1.50".into())),
        "{w:?}"
    );
    assert!(
        w.contains(&(
            "Wholesale number +33170000001 (15 of 30 days)".into(),
            "1.00".into()
        )),
        "{w:?}"
    );
    assert!(
        w.contains(&(
            "Setup of number +442071234567 (wholesale)".into(),
            "5.00".into()
        )),
        "{w:?}"
    );
}
