//! A reseller selling from its own deck, never below its parent's price.

use super::*;

/// Blue's own deck: the UK dearer than the operator; UK mobiles cheaper
/// (raised to the operator's price); no row for the USA.
const OWN_DECK: &str = "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n\
                        44,United Kingdom,0.30,0.02,1,1\n\
                        447,United Kingdom Mobile,0.10,0,1,1\n";

#[tokio::test]
async fn a_reseller_sells_from_its_own_deck_never_below_its_parent() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 20, 9));
    let s = shop(&app, "prepaid").await;
    let (blue, blue_v) = reseller(
        &app,
        &s.op,
        "blue",
        ("percent", "50"),
        ("postpaid", Some("100")),
        "0",
    )
    .await;
    // A deck name is the operator's: not Blue's to add a version to.
    let res = upload(
        &app,
        &blue,
        "name=Retail&effective_from=2020-01-01",
        OWN_DECK,
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (409, "conflict".into(), Some("name".into()))
    );
    let res = upload(
        &app,
        &blue,
        "name=Blue retail&effective_from=2020-01-01",
        OWN_DECK,
    )
    .await;
    assert_eq!(res.status(), 201);
    let own: Value = res.json().await.unwrap();
    let own_id = own["deck"]["id"].as_str().unwrap().to_owned();
    assert_eq!(own["deck"]["seller_id"], blue_v["id"]);
    // The operator's catalog does not show it, nor may a plan use it.
    assert_eq!(
        get(&app, &s.op, &format!("/api/v1/rate-decks/{own_id}"))
            .await
            .status(),
        404
    );
    let ops = staff(&app, &s.op, Method::GET, "/api/v1/rate-decks", json!(null)).await;
    assert_eq!(ops["total"], 1);
    let mine = staff(&app, &blue, Method::GET, "/api/v1/rate-decks", json!(null)).await;
    assert_eq!(mine["total"], 2, "the operator's and its own");
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/plans",
            Some(&json!({"name": "x", "service_kind": "sip", "deck_id": own_id})),
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("deck_id"));
    // Pricing: the operator has none to set; a deck must be Blue's own.
    let put = |who: &Operator, body: Value| {
        let app = &app;
        let host = who.host();
        let token = who.access_token.clone();
        async move {
            app.send(
                Method::PUT,
                &host,
                "/api/v1/settings/pricing",
                Some(&body),
                Some(&token),
            )
            .await
        }
    };
    let res = put(
        &s.op,
        json!({"markup_kind": "percent", "markup_value": "5"}),
    )
    .await;
    assert_eq!(error_of(res).await.0, 403);
    let retail = ops["items"][0]["id"].clone();
    let res = put(&blue, json!({"markup_kind": "deck", "deck_id": retail})).await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("deck_id"));
    let res = put(&blue, json!({"markup_kind": "deck", "deck_id": own_id})).await;
    assert_eq!(res.status(), 200);
    // Selling from its own deck, no single cheapest rate is exact: the
    // portal shows no headline rate rather than a wrong one.
    let offers: Value = app
        .send(
            Method::GET,
            &blue.host(),
            "/api/v1/portal/offers",
            None,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(offers["from_rates"], json!([]));

    let (cust, sip) = customer(&app, &blue, &s.plans["sip"], "Cleo").await;
    crate::helpers::verify_email(&app, &blue.host(), "cleo@example.test").await;
    let lookup = |number: &'static str| {
        let app = &app;
        let host = blue.host();
        async move {
            app.send(
                Method::GET,
                &host,
                &format!("/api/v1/portal/rates?number={number}"),
                None,
                None,
            )
            .await
            .json::<Value>()
            .await
            .unwrap()["offers"][0]["rate"]
                .clone()
        }
    };
    assert_eq!(
        money(&lookup("15550100").await["rate_per_minute"]),
        dec!(0.05)
    );
    assert_eq!(
        money(&lookup("442079460000").await["rate_per_minute"]),
        dec!(0.30)
    );
    let mobile = lookup("447700900123").await;
    assert_eq!(
        (
            money(&mobile["rate_per_minute"]),
            money(&mobile["connect_fee"])
        ),
        (dec!(0.2), dec!(0.05)),
        "raised to the operator's price"
    );
    credit(&app, &blue, &cust, "10").await;
    let auth: Value = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/authorize",
            Some(
                &json!({"service": "sip", "sip_username": sip, "destination": "+44 20 7946 0000"}),
            ),
            Some(&s.key),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (money(&auth["rate_per_minute"]), money(&auth["connect_fee"])),
        (dec!(0.30), dec!(0.02))
    );
    post_cdrs(
        &app,
        &s,
        json!([
            // No row in Blue's deck: the operator's 0.05 (30/6).
            call("d1", &sip, "+1 555 0100", 60, "2026-11-20T08:00:00Z"),
            // Blue's 0.30 + 0.02 on the operator's 60/60 blocks: 2 minutes.
            call("d2", &sip, "+44 20 7946 0000", 61, "2026-11-20T08:10:00Z"),
            // Blue's 0.10 raised to the operator's 0.2 + 0.05 (30/6 → 66 s).
            call("d3", &sip, "+44 7700 900123", 61, "2026-11-20T08:20:00Z"),
        ]),
    )
    .await;
    assert_eq!(balance(&app, &blue, &cust).await, dec!(10) - dec!(0.94));
    let w = blue_v["wholesale"]["customer_id"].as_str().unwrap();
    assert_eq!(
        balance(&app, &s.op, w).await,
        -dec!(0.52),
        "0.05 + 0.20 + 0.27 at the operator's prices"
    );
    // Back to a markup: the deck no longer prices.
    let res = put(
        &blue,
        json!({"markup_kind": "percent", "markup_value": "10"}),
    )
    .await;
    assert_eq!(res.json::<Value>().await.unwrap()["deck_id"], Value::Null);
    assert_eq!(
        money(&lookup("442079460000").await["rate_per_minute"]),
        dec!(0.11)
    );
}
