//! A visitor finds a number on the portal, holds it and signs up with it.

use super::*;
/// The portal offers free numbers with their fees; a visitor holds one for
/// 15 minutes and signs up with it; nobody else can take it meanwhile; a
/// sign-up that cannot take its number writes nothing; the bill shows the
/// number's setup fee and its prorated monthly fee.
#[tokio::test]
async fn a_visitor_holds_a_number_and_signs_up_with_it() {
    let app = TestApp::spawn().await;
    let mut s = stocked(&app).await;
    let host = s.op.host();
    let (status, gb) = offered(&app, &host, "?country=gb").await;
    assert_eq!(status, 200);
    assert_eq!(gb.as_array().unwrap().len(), 2, "{gb}");
    assert_eq!(gb[0]["number"], "442071234567");
    assert_eq!(
        (gb[0]["monthly_fee"].as_str(), gb[0]["setup_fee"].as_str()),
        (Some("1.50"), Some("5.00"))
    );
    assert_eq!(
        offered(&app, &host, "?digits=4568")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (status, v) = offered(&app, &host, "?country=GBR").await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("country"))
    );
    // The platform's own site sells no numbers.
    let (status, _) = offered(&app, "localhost", "").await;
    assert_eq!(status, 404);

    let london = id_of(&gb, "442071234567");
    let (status, held) = reserve(&app, &host, &london).await;
    assert_eq!(status, 201, "{held}");
    assert_eq!(held["reserved_until"], "2026-11-01T09:15:00Z");
    let secret = held["reservation"].as_str().unwrap().to_owned();
    // Held: not offered, not reservable, not taken without the secret.
    assert_eq!(reserve(&app, &host, &london).await.0, 404);
    assert_eq!(
        offered(&app, &host, "?country=GB")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (status, v) = signup(
        &app,
        &host,
        "Eve",
        json!([{"kind": "sip", "plan_id": s.plans["sip"],
        "numbers": [{"id": london, "reservation": "guess"}]}]),
    )
    .await;
    assert_eq!(
        (
            status,
            v["error"]["code"].as_str(),
            v["error"]["field"].as_str()
        ),
        (409, Some("conflict"), Some("services[0].numbers[0]")),
        "{v}"
    );
    // Nothing of Eve's sign-up was kept: she can sign up again.
    let (status, _) = signup(
        &app,
        &host,
        "Eve",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    assert_eq!(status, 201);
    // Numbers go to IP phones and video only, each once.
    let (status, v) = signup(
        &app,
        &host,
        "Pat",
        json!([{"kind": "pinless", "plan_id": s.plans["pinless"],
        "anis": ["+15550100009"], "numbers": [{"id": london}]}]),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("services[0].numbers"))
    );
    let (status, v) = signup(
        &app,
        &host,
        "Pat",
        json!([{"kind": "sip", "plan_id": s.plans["sip"],
        "numbers": [{"id": london}, {"id": london}]}]),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("services[0].numbers[1]"))
    );

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 11, 1, 9, 10, 0).unwrap(),
    )
    .await;
    let (status, al) = signup(
        &app,
        &host,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"],
        "numbers": [{"id": london, "reservation": secret}]}]),
    )
    .await;
    assert_eq!(status, 201, "{al}");
    let sip = sip_of(&al["customer"]);
    assert_eq!(sip["numbers"][0]["number"], "442071234567");
    assert_eq!(sip["numbers"][0]["status"], "assigned");
    let inv = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/numbers?service_id={}", sip["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    assert_eq!(inv["items"][0]["status"], "assigned");

    // A reservation lapses after 15 minutes: Paris is free again.
    let paris = id_of(&offered(&app, &host, "?country=FR").await.1, "33170000001");
    assert_eq!(reserve(&app, &host, &paris).await.0, 201);
    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 11, 1, 9, 26, 0).unwrap(),
    )
    .await;
    assert_eq!(
        staff(
            &app,
            &s.op,
            Method::GET,
            "/api/v1/numbers?status=reserved",
            json!(null)
        )
        .await["total"],
        0
    );
    assert_eq!(reserve(&app, &host, &paris).await.0, 201);

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap(),
    )
    .await;
    bill(&app, &s.op, json!({})).await;
    let l = lines(&app, &s.op, &al["customer"]["id"]).await;
    assert!(
        l.contains(&("Number +442071234567".into(), "1.50".into())),
        "{l:?}"
    );
    assert!(
        l.contains(&("Setup of number +442071234567".into(), "5.00".into())),
        "{l:?}"
    );
}

/// Two visitors holding at the same moment: one gets the number.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_visitors_hold_one_number_once() {
    let app = TestApp::spawn().await;
    let s = stocked(&app).await;
    let host = s.op.host();
    let london = id_of(&offered(&app, &host, "?country=GB").await.1, "442071234567");
    let tries = (0..6).map(|_| {
        let (app, host, london) = (&app, host.clone(), london.clone());
        async move { reserve(app, &host, &london).await.0 }
    });
    let answers = join_all(tries).await;
    assert_eq!(
        answers.iter().filter(|s| **s == 201).count(),
        1,
        "{answers:?}"
    );
    assert!(
        answers.iter().all(|s| *s == 201 || *s == 404),
        "{answers:?}"
    );
}
