//! Each level sees only its own subtree; siblings see nothing of each other.

use super::*;

#[tokio::test]
async fn each_level_sees_its_subtree_and_siblings_see_nothing() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 20, 9));
    let s = shop(&app, "prepaid").await;
    let (blue, blue_v) = reseller(
        &app,
        &s.op,
        "blue",
        ("percent", "10"),
        ("prepaid", None),
        "0",
    )
    .await;
    let (navy, navy_v) = reseller(
        &app,
        &blue,
        "navy",
        ("percent", "10"),
        ("prepaid", None),
        "0",
    )
    .await;
    let (teal, _) = reseller(
        &app,
        &s.op,
        "teal",
        ("percent", "10"),
        ("prepaid", None),
        "0",
    )
    .await;
    let (c_op, sip_op) = customer(&app, &s.op, &s.plans["sip"], "Otto").await;
    let (c_blue, sip_blue) = customer(&app, &blue, &s.plans["sip"], "Bea").await;
    let (c_navy, sip_navy) = customer(&app, &navy, &s.plans["sip"], "Nia").await;
    let (c_teal, sip_teal) = customer(&app, &teal, &s.plans["sip"], "Tom").await;

    // Customer lists: own customers and everything below, never a sibling's.
    let emails = |v: &Value| -> Vec<String> {
        let mut e: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["email"].as_str().unwrap().to_owned())
            .collect();
        e.sort();
        e
    };
    let list = |who: &Operator| {
        let app = &app;
        let who_host = who.host();
        let token = who.access_token.clone();
        async move {
            app.send(
                Method::GET,
                &who_host,
                "/api/v1/customers",
                None,
                Some(&token),
            )
            .await
            .json::<Value>()
            .await
            .unwrap()
        }
    };
    assert_eq!(
        emails(&list(&navy).await),
        vec!["nia@example.test".to_owned()]
    );
    assert_eq!(
        emails(&list(&teal).await),
        vec!["tom@example.test".to_owned()]
    );
    assert_eq!(
        emails(&list(&blue).await),
        vec![
            "bea@example.test".to_owned(),
            "nia@example.test".into(),
            "owner@navy.test".into()
        ],
        "Blue sees Navy's customers and Navy's wholesale account with it"
    );
    assert_eq!(list(&s.op).await["total"], 7);
    let blue_sees = list(&blue).await;
    let nia = blue_sees["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["email"] == "nia@example.test")
        .unwrap();
    assert_eq!(nia["seller_name"], "Navy Calls", "who sells to whom");

    // Detail, both directions and sideways.
    for (who, id, visible) in [
        (&navy, &c_blue, false),
        (&navy, &c_op, false),
        (&blue, &c_teal, false),
        (&teal, &c_navy, false),
        (&teal, &c_blue, false),
        (&blue, &c_navy, true),
        (&s.op, &c_navy, true),
        (&s.op, &c_teal, true),
    ] {
        let res = get(&app, who, &format!("/api/v1/customers/{id}")).await;
        let want = if visible { 200 } else { 404 };
        assert_eq!(res.status(), want, "{} → {id}", who.slug);
    }
    // Resellers: only below, never the parent or a sibling.
    assert_eq!(
        get(
            &app,
            &navy,
            &format!("/api/v1/resellers/{}", blue_v["id"].as_str().unwrap())
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        get(
            &app,
            &teal,
            &format!("/api/v1/resellers/{}", navy_v["id"].as_str().unwrap())
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        get(
            &app,
            &s.op,
            &format!("/api/v1/resellers/{}", navy_v["id"].as_str().unwrap())
        )
        .await
        .status(),
        200
    );
    let blue_list = staff(&app, &blue, Method::GET, "/api/v1/resellers", json!(null)).await;
    assert_eq!(blue_list.as_array().unwrap().len(), 1);
    // Only the direct parent sets terms.
    let patch = json!({"markup_value": "15"});
    let res = app
        .send(
            Method::PATCH,
            &s.op.host(),
            &format!("/api/v1/resellers/{}", navy_v["id"].as_str().unwrap()),
            Some(&patch),
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .send(
            Method::PATCH,
            &blue.host(),
            &format!("/api/v1/resellers/{}", navy_v["id"].as_str().unwrap()),
            Some(&patch),
            Some(&blue.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);

    // Calls: each level sees its subtree's.
    post_cdrs(
        &app,
        &s,
        json!([
            call("o1", &sip_op, "+15550100", 60, "2026-11-20T08:00:00Z"),
            call("b1", &sip_blue, "+15550100", 60, "2026-11-20T08:00:00Z"),
            call("n1", &sip_navy, "+15550100", 60, "2026-11-20T08:00:00Z"),
            call("t1", &sip_teal, "+15550100", 60, "2026-11-20T08:00:00Z"),
        ]),
    )
    .await;
    for (who, total) in [(&s.op, 4), (&blue, 2), (&navy, 1), (&teal, 1)] {
        let v = staff(&app, who, Method::GET, "/api/v1/cdrs", json!(null)).await;
        assert_eq!(v["total"], total, "{}", who.slug);
        let r = staff(
            &app,
            who,
            Method::GET,
            "/api/v1/reports/revenue",
            json!(null),
        )
        .await;
        let calls: u64 = r["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["calls"].as_u64().unwrap())
            .sum();
        assert_eq!(calls, total, "revenue report of {}", who.slug);
    }
    let res = get(&app, &teal, &format!("/api/v1/cdrs?customer_id={c_blue}")).await;
    assert_eq!(res.status(), 404);

    // Money and the catalog are not the parent's to touch below it.
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            &format!("/api/v1/customers/{c_blue}/adjustments"),
            Some(&json!({"amount": "5", "reason": "gift"})),
            Some(&s.op.access_token),
        )
        .await;
    assert_eq!(res.status(), 403);
    // Nor may it record a payment or a one-off charge there (issue 20).
    for (what, body) in [
        ("payments", json!({"amount": "5", "reference": "cash"})),
        ("charges", json!({"amount": "5", "description": "install"})),
    ] {
        let res = app
            .send(
                Method::POST,
                &s.op.host(),
                &format!("/api/v1/customers/{c_blue}/{what}"),
                Some(&body),
                Some(&s.op.access_token),
            )
            .await;
        assert_eq!(error_of(res).await.0, 403, "{what}");
    }
    // The platform plan is the operator's: a reseller neither sees nor buys it.
    for method in [Method::GET, Method::POST] {
        let path = if method == Method::GET {
            "/api/v1/subscription"
        } else {
            "/api/v1/subscription/checkout"
        };
        let res = app
            .send(method, &blue.host(), path, None, Some(&blue.access_token))
            .await;
        assert_eq!(res.status(), 403, "{path}");
    }
    for (path, body) in [
        ("/api/v1/switch-keys", json!({"name": "mine"})),
        (
            "/api/v1/plans",
            json!({"name": "x", "service_kind": "sip", "deck_id": null}),
        ),
        ("/api/v1/cdrs/rerate", json!({})),
    ] {
        let res = app
            .send(
                Method::POST,
                &blue.host(),
                path,
                Some(&body),
                Some(&blue.access_token),
            )
            .await;
        assert_eq!(error_of(res).await.0, 403, "{path}");
    }
    // A reseller's deck is its own selling prices, never the operator's
    // catalog (nor a sibling's).
    assert_eq!(
        upload(&app, &blue, "name=Mine&effective_from=2020-01-01", DECK)
            .await
            .status(),
        201
    );
    for (who, total) in [(&s.op, 1), (&blue, 2), (&teal, 1), (&navy, 1)] {
        let decks = staff(&app, who, Method::GET, "/api/v1/rate-decks", json!(null)).await;
        assert_eq!(decks["total"], total, "decks of {}", who.slug);
    }
    assert_eq!(get(&app, &blue, "/api/v1/switch-keys").await.status(), 403);

    // Staff sign in on their own seller's site only.
    for (host, who) in [
        (s.op.host(), &blue),
        (blue.host(), &s.op),
        (teal.host(), &blue),
    ] {
        let res = app
            .send(
                Method::POST,
                &host,
                "/api/v1/auth/login",
                Some(&json!({"email": who.email, "password": who.password})),
                None,
            )
            .await;
        assert_eq!(res.status(), 401, "{} on {host}", who.email);
    }
    // A reseller's token is valid on the reseller's own site only: on its
    // parent's host it answers 401 (issue 20), on its own it sees its own.
    let res = app
        .send(
            Method::GET,
            &s.op.host(),
            "/api/v1/customers",
            None,
            Some(&teal.access_token),
        )
        .await;
    assert_eq!(res.status(), 401);
    let res = app
        .send(
            Method::GET,
            &teal.host(),
            "/api/v1/customers",
            None,
            Some(&teal.access_token),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["total"], 1);
}
