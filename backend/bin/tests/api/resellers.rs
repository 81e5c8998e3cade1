//! Resellers (issue 8): a chain of sellers, each pricing on its parent's
//! tariff; every call debits every level at that level's price in one
//! transaction; each level sees only its own subtree; the parent bills each
//! reseller wholesale; brands, logos and portals per reseller.

use crate::authorize::staff;
use crate::billing::{Shop, bill, post_cdrs, travel};
use crate::catalog::{DECK, upload};
use crate::helpers::{Operator, TestApp, error_of, pdf_text};
use chrono::{TimeZone, Utc};
use reqwest::Method;
use ringledger_shared::rating::markup::{Markup, Price, chain};
use ringledger_shared::rating::{Tariff, billable_secs};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use std::collections::HashMap;

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap()
}

fn money(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}"))
        .parse()
        .unwrap()
}

/// The operator's catalog: the test deck, a SIP plan (fee 10, `plans["sip"]`)
/// and a switch key.
async fn shop(app: &TestApp, kind: &str) -> Shop {
    let op = app.operator("acme").await;
    staff(app, &op, Method::PUT, "/api/v1/settings/accounts",
        json!({"pin_length": 10, "account_kind": kind, "default_credit_limit": "100", "billing_day": 1})).await;
    let deck: Value = upload(app, &op, "name=Retail&effective_from=2020-01-01", DECK)
        .await
        .json()
        .await
        .unwrap();
    let plan = staff(app, &op, Method::POST, "/api/v1/plans",
        json!({"name": "SIP", "service_kind": "sip", "deck_id": deck["deck"]["id"], "monthly_fee": "10.00"})).await;
    let key = staff(
        app,
        &op,
        Method::POST,
        "/api/v1/switch-keys",
        json!({"name": "sw"}),
    )
    .await;
    Shop {
        op,
        plans: json!({"sip": plan["id"]}),
        key: key["key"].as_str().unwrap().to_owned(),
    }
}

/// Creates a reseller under `parent` and signs its owner in on its portal.
/// Its `slug` as an [`Operator`] is `{slug}.acme`, so `host()` is its portal.
async fn reseller(
    app: &TestApp,
    parent: &Operator,
    slug: &str,
    markup: (&str, &str),
    account: (&str, Option<&str>),
    fee: &str,
) -> (Operator, Value) {
    let email = format!("owner@{slug}.test");
    let body = json!({"name": format!("{}{} Calls", slug[..1].to_uppercase(), &slug[1..]), "slug": slug,
        "owner_email": email, "owner_password": "reseller password",
        "markup_kind": markup.0, "markup_value": markup.1,
        "account_kind": account.0, "credit_limit": account.1, "reseller_fee": fee});
    let res = app
        .send(
            Method::POST,
            &parent.host(),
            "/api/v1/resellers",
            Some(&body),
            Some(&parent.access_token),
        )
        .await;
    assert_eq!(res.status(), 201, "create {slug}");
    let view: Value = res.json().await.unwrap();
    let mut r = Operator {
        tenant_id: parent.tenant_id.clone(),
        slug: format!("{slug}.acme"),
        email: email.clone(),
        password: "reseller password".into(),
        access_token: String::new(),
        refresh_token: String::new(),
    };
    assert_eq!(view["portal_host"], format!("{slug}.acme.localhost"));
    login(app, &mut r).await;
    (r, view)
}

async fn login(app: &TestApp, r: &mut Operator) {
    let res = app
        .send(
            Method::POST,
            &r.host(),
            "/api/v1/auth/login",
            Some(&json!({"email": r.email, "password": r.password})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200, "login of {}", r.email);
    let v: Value = res.json().await.unwrap();
    r.access_token = v["access_token"].as_str().unwrap().to_owned();
}

/// Signs a customer up on `seller`'s portal with a SIP phone; (id, SIP user).
async fn customer(app: &TestApp, seller: &Operator, plan: &Value, name: &str) -> (String, String) {
    let body = json!({"name": name, "email": format!("{}@example.test", name.to_lowercase()),
        "password": "long password", "services": [{"kind": "sip", "plan_id": plan}]});
    let res = app
        .send(
            Method::POST,
            &seller.host(),
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(res.status(), 201, "sign-up of {name}");
    let c: Value = res.json().await.unwrap();
    (
        c["customer"]["id"].as_str().unwrap().to_owned(),
        c["customer"]["services"][0]["username"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

async fn credit(app: &TestApp, seller: &Operator, customer: &str, amount: &str) {
    staff(
        app,
        seller,
        Method::POST,
        &format!("/api/v1/customers/{customer}/adjustments"),
        json!({"amount": amount, "reason": "top-up"}),
    )
    .await;
}

async fn balance(app: &TestApp, seller: &Operator, customer: &str) -> Decimal {
    let c = staff(
        app,
        seller,
        Method::GET,
        &format!("/api/v1/customers/{customer}"),
        json!(null),
    )
    .await;
    money(&c["account"]["balance"])
}

fn call(id: &str, sip: &str, dest: &str, secs: u32, start: &str) -> Value {
    json!({"call_id": id, "service": "sip", "sip_username": sip, "destination": dest,
        "start_time": start, "duration_secs": secs})
}

async fn get(app: &TestApp, who: &Operator, path: &str) -> reqwest::Response {
    app.send(
        Method::GET,
        &who.host(),
        path,
        None,
        Some(&who.access_token),
    )
    .await
}

async fn margin(app: &TestApp, who: &Operator) -> Value {
    staff(
        app,
        who,
        Method::GET,
        "/api/v1/reports/margin?days=30",
        json!(null),
    )
    .await
}

#[tokio::test]
async fn a_call_through_two_resellers_debits_every_level_at_its_price() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 20, 9));
    let s = shop(&app, "prepaid").await;
    let (blue, blue_view) = reseller(
        &app,
        &s.op,
        "blue",
        ("percent", "20"),
        ("prepaid", None),
        "0",
    )
    .await;
    let (navy, navy_view) = reseller(
        &app,
        &blue,
        "navy",
        ("per_minute", "0.01"),
        ("postpaid", Some("50")),
        "0",
    )
    .await;
    assert_eq!(navy_view["depth"], 2);
    assert_eq!(navy_view["parent_id"], blue_view["id"]);
    let (cust, sip) = customer(&app, &navy, &s.plans["sip"], "Cleo").await;
    // Calls need a confirmed e-mail (on the portal Cleo signed up on).
    crate::helpers::verify_email(&app, &navy.host(), "cleo@example.test").await;
    credit(&app, &navy, &cust, "20").await;

    // The portal shows Navy's prices: the fee with Blue's 20 % (Navy's
    // per-minute markup leaves fees alone), the rate with both markups.
    let offers: Value = app
        .send(
            Method::GET,
            &navy.host(),
            "/api/v1/portal/offers",
            None,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(money(&offers["plans"][0]["monthly_fee"]), dec!(12));
    let rates: Value = app
        .send(
            Method::GET,
            &navy.host(),
            "/api/v1/portal/rates?number=%2B15550100",
            None,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        money(&rates["offers"][0]["rate"]["rate_per_minute"]),
        dec!(0.07)
    );
    let portal: Value = app
        .send(Method::GET, &navy.host(), "/api/v1/portal", None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(portal["name"], "Navy Calls");

    // Blue is prepaid with nothing on its wholesale account: its whole
    // subtree is refused, however much the customer has.
    let authorize =
        |dest: &'static str| json!({"service": "sip", "sip_username": sip, "destination": dest});
    let ask = |body: Value| {
        let app = &app;
        let key = s.key.clone();
        let host = s.op.host();
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
    let refused = ask(authorize("+15550100")).await;
    assert_eq!(refused["authorized"], false);
    assert_eq!(refused["reason"], "insufficient_balance");

    // The operator tops Blue's wholesale account up by 10.
    let blue_wholesale = blue_view["wholesale"]["customer_id"].as_str().unwrap();
    credit(&app, &s.op, blue_wholesale, "10").await;
    let ok = ask(authorize("+15550100")).await;
    assert_eq!(ok["authorized"], true);
    assert_eq!(money(&ok["rate_per_minute"]), dec!(0.07));
    // Cleo's 20 at 0.07 lasts past the 4 h cap; Blue's 10 at the operator's
    // 0.05 lasts exactly 200 minutes; Navy's credit of 50 at 0.06, longer.
    assert_eq!(ok["max_duration_secs"], 12_000);

    // Blue, a customer on the operator's portal, asks to be warned below 9.97.
    let mails_before = crate::helpers::count_mail(&app, "owner@blue.test", "below the 9.97").await;
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": blue.email, "password": blue.password})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let as_customer: Value = res.json().await.unwrap();
    let res = app
        .send(
            Method::PUT,
            &s.op.host(),
            "/api/v1/my/low-balance",
            Some(&json!({"threshold": "9.97"})),
            as_customer["access_token"].as_str(),
        )
        .await;
    assert_eq!(res.status(), 200);

    let posted = post_cdrs(
        &app,
        &s,
        json!([call("c1", &sip, "+1 555 0100", 60, "2026-11-20T08:00:00Z")]),
    )
    .await;
    assert_eq!(posted["accepted"], 1);
    let mut warned = false;
    for _ in 0..15 {
        if crate::helpers::count_mail(&app, "owner@blue.test", "below the 9.97").await
            > mails_before
        {
            warned = true;
            break;
        }
    }
    assert!(warned, "the reseller is warned of its own low balance");
    assert_eq!(balance(&app, &navy, &cust).await, dec!(19.93));
    let below_blue: Value = staff(&app, &blue, Method::GET, "/api/v1/resellers", json!(null)).await;
    assert_eq!(
        money(&below_blue[0]["wholesale"]["balance"]),
        dec!(-0.06),
        "Navy owes Blue's price"
    );
    let below_op: Value = staff(&app, &s.op, Method::GET, "/api/v1/resellers", json!(null)).await;
    assert_eq!(below_op.as_array().unwrap().len(), 2, "Blue and Navy");
    assert_eq!(
        money(&below_op[0]["wholesale"]["balance"]),
        dec!(9.95),
        "Blue paid the operator's price"
    );
    // The margins add up: 0.07 = 0.05 + 0.01 + 0.01.
    let (m_navy, m_blue, m_op) = (
        margin(&app, &navy).await,
        margin(&app, &blue).await,
        margin(&app, &s.op).await,
    );
    assert_eq!(
        (
            money(&m_navy["revenue"]),
            money(&m_navy["cost"]),
            money(&m_navy["margin"])
        ),
        (dec!(0.07), dec!(0.06), dec!(0.01))
    );
    assert_eq!(
        (money(&m_blue["revenue"]), money(&m_blue["cost"])),
        (dec!(0.06), dec!(0.05))
    );
    assert_eq!(
        (money(&m_op["revenue"]), money(&m_op["cost"])),
        (dec!(0.05), dec!(0))
    );
    assert_eq!(m_op["days"].as_array().unwrap().len(), 30);

    // The operator suspends Blue's wholesale account: Blue's subtree stops.
    staff(
        &app,
        &s.op,
        Method::POST,
        &format!("/api/v1/customers/{blue_wholesale}/suspend"),
        json!({}),
    )
    .await;
    let stopped = ask(authorize("+15550100")).await;
    assert_eq!(stopped["reason"], "account_suspended");
}

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
    // A reseller's token is the reseller's whichever host it is sent to.
    let res = app
        .send(
            Method::GET,
            &s.op.host(),
            "/api/v1/customers",
            None,
            Some(&teal.access_token),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["total"], 1);
}

/// A tiny deterministic generator (xorshift), so a failure replays.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The operator's tariff of the test deck (plus France after the fix).
fn deck_tariff(dest: &str) -> Option<Tariff> {
    let d: String = dest.chars().filter(char::is_ascii_digit).collect();
    let t = |r: Decimal, c: Decimal, i, s| Tariff::new(r, c, i, s);
    if d.starts_with("447") {
        t(dec!(0.2), dec!(0.05), 30, 6)
    } else if d.starts_with("44") {
        t(dec!(0.10), dec!(0), 60, 60)
    } else if d.starts_with('1') {
        t(dec!(0.05), dec!(0), 30, 6)
    } else if d.starts_with("33") {
        t(dec!(0.07), dec!(0), 60, 60)
    } else {
        None
    }
}

#[tokio::test]
async fn books_balance_to_the_cent_over_thousands_of_calls_three_levels_deep() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 20, 9));
    let s = shop(&app, "postpaid").await;
    staff(
        &app,
        &s.op,
        Method::PUT,
        "/api/v1/settings/resellers",
        json!({"max_reseller_depth": 3}),
    )
    .await;
    let mut g = Gen(0x5eed_1234_abcd_0001);
    // Markups drawn at random, one of each kind at least.
    let pct = |g: &mut Gen| Decimal::new(g.below(5000) as i64, 2); // 0.00–49.99 %
    let pm = |g: &mut Gen| Decimal::new(g.below(30_000) as i64, 6); // 0–0.03 /min
    let m1 = Markup::Percent(pct(&mut g));
    let m2 = Markup::PerMinute(pm(&mut g));
    let m3 = Markup::Percent(pct(&mut g));
    let spec = |m: &Markup| match m {
        Markup::Percent(v) => ("percent", v.to_string()),
        Markup::PerMinute(v) => ("per_minute", v.to_string()),
    };
    let (k1, v1) = spec(&m1);
    let (r1, r1v) = reseller(
        &app,
        &s.op,
        "one",
        (k1, &v1),
        ("postpaid", Some("100000")),
        "0",
    )
    .await;
    let (k2, v2) = spec(&m2);
    let (r2, r2v) = reseller(
        &app,
        &r1,
        "two",
        (k2, &v2),
        ("postpaid", Some("100000")),
        "0",
    )
    .await;
    let (k3, v3) = spec(&m3);
    let (r3, r3v) = reseller(
        &app,
        &r2,
        "three",
        (k3, &v3),
        ("postpaid", Some("100000")),
        "0",
    )
    .await;
    // Customers at every level: (id, SIP user, depth).
    let levels = [&s.op, &r1, &r2, &r3];
    let mut customers = Vec::new();
    for (depth, seller) in levels.iter().enumerate() {
        for n in 0..2 {
            let (id, sip) = customer(&app, seller, &s.plans["sip"], &format!("C{depth}x{n}")).await;
            customers.push((id, sip, depth));
        }
    }
    // Two sells from its own deck instead (random rates, some below its
    // parent's: those are raised; no row for France: sold at cost).
    let own_us = Decimal::new(30_000 + g.below(60_000) as i64, 6);
    let own_uk = Decimal::new(50_000 + g.below(350_000) as i64, 6);
    let own_connect = Decimal::new(g.below(30_000) as i64, 6);
    let own_csv = format!(
        "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n\
         1,USA,{own_us},{own_connect},1,1\n44,United Kingdom,{own_uk},0,1,1\n"
    );
    let res = upload(&app, &r2, "name=Two&effective_from=2020-01-01", &own_csv).await;
    assert_eq!(res.status(), 201);
    let own_deck: Value = res.json().await.unwrap();
    staff(
        &app,
        &r2,
        Method::PUT,
        "/api/v1/settings/pricing",
        json!({"markup_kind": "deck", "deck_id": own_deck["deck"]["id"]}),
    )
    .await;
    let own_row = |dest: &str| -> Option<Tariff> {
        let d: String = dest.chars().filter(char::is_ascii_digit).collect();
        if d.starts_with("44") {
            Tariff::new(own_uk, dec!(0), 1, 1)
        } else if d.starts_with('1') {
            Tariff::new(own_us, own_connect, 1, 1)
        } else {
            None
        }
    };
    let dests = [
        "+1 555 0100",
        "+44 20 7946 0000",
        "+44 7700 900123",
        "+33 1 23 45 67 89",
        "+999 1",
    ];
    // Expected, from the shared engine on its own: per customer, per reseller.
    let mut want_customer: HashMap<String, Decimal> = HashMap::new();
    let mut want_level = [Decimal::ZERO; 3];
    let mut calls = Vec::new();
    for i in 0..3000 {
        let (id, sip, depth) = &customers[g.below(customers.len() as u64) as usize];
        let dest = dests[g.below(dests.len() as u64) as usize];
        let secs = g.below(900) as u32;
        let start = format!(
            "2026-11-{:02}T{:02}:{:02}:00Z",
            2 + g.below(18),
            g.below(24),
            g.below(60)
        );
        calls.push(call(&format!("k{i}"), sip, dest, secs, &start));
        // France is priced only after the deck is fixed (then re-rated);
        // +999 never is.
        if let Some(t0) = deck_tariff(dest) {
            let b = billable_secs(secs.into(), t0.initial_increment, t0.subsequent_increment);
            let prices = [
                Price::Markup(m1),
                Price::Own(own_row(dest)),
                Price::Markup(m3),
            ];
            let chain = chain(t0, prices[..*depth].iter().copied());
            let mine = chain[*depth].charge_uncovered(b, 0);
            *want_customer.entry(id.clone()).or_default() += mine;
            for lvl in 0..*depth {
                want_level[lvl] += chain[lvl].charge_uncovered(b, 0);
                assert!(chain[lvl + 1].charge_uncovered(b, 0) >= chain[lvl].charge_uncovered(b, 0));
            }
        }
    }
    let mut accepted = 0;
    for batch in calls.chunks(500) {
        let v = post_cdrs(&app, &s, Value::Array(batch.to_vec())).await;
        accepted += v["accepted"].as_u64().unwrap();
    }
    // The switch retries a batch: nothing is charged twice.
    let again = post_cdrs(&app, &s, Value::Array(calls[..500].to_vec())).await;
    assert_eq!(again["duplicates"], 500);
    // France gets a rate in force on the calls' dates; the kept records are re-rated.
    let fixed = format!("{DECK}33,France,0.07,0,60,60\n");
    assert_eq!(
        upload(&app, &s.op, "name=Retail&effective_from=2020-06-01", &fixed)
            .await
            .status(),
        201
    );
    let rerated = staff(&app, &s.op, Method::POST, "/api/v1/cdrs/rerate", json!({})).await;
    assert!(rerated["rerated"].as_u64().unwrap() > 0);
    assert!(accepted > 0);
    assert!(
        want_level.iter().all(|w| *w > Decimal::ZERO),
        "every level had calls"
    );

    // Every end customer was debited exactly the chain's price.
    let mut total_customers = Decimal::ZERO;
    for (id, _, depth) in &customers {
        let got = -balance(&app, levels[*depth], id).await;
        let want = want_customer.get(id).copied().unwrap_or_default();
        assert_eq!(got, want, "customer {id} at depth {depth}");
        total_customers += got;
    }
    // Every reseller's wholesale account was debited its parent's price.
    let views = [&r1v, &r2v, &r3v];
    let parents = [&s.op, &r1, &r2];
    for lvl in 0..3 {
        let w = views[lvl]["wholesale"]["customer_id"].as_str().unwrap();
        let got = -balance(&app, parents[lvl], w).await;
        assert_eq!(got, want_level[lvl], "level {}", lvl + 1);
    }
    // The margins add up to the cent: what end customers paid is the
    // operator's revenue plus every reseller's margin.
    let reports = [
        margin(&app, &s.op).await,
        margin(&app, &r1).await,
        margin(&app, &r2).await,
        margin(&app, &r3).await,
    ];
    let mut sum = Decimal::ZERO;
    for (i, r) in reports.iter().enumerate() {
        let m = money(&r["margin"]);
        assert!(
            !m.is_sign_negative() || m.is_zero(),
            "level {i} sells below cost"
        );
        sum += m;
        if i > 0 {
            assert_eq!(money(&r["cost"]), want_level[i - 1], "cost of level {i}");
        }
    }
    assert_eq!(sum, total_customers);
    // Per call, in the database: no level below its parent.
    let tx = app
        .state
        .repos()
        .tenant_read(ringledger_shared::ids::TenantId(
            s.op.tenant_id.parse().unwrap(),
        ))
        .await
        .unwrap();
    let (rows, _) = tx
        .search_cdrs(
            None,
            None,
            "",
            None,
            None,
            Some(ringledger_shared::api::calls::CdrStatus::Rated),
            0,
            100_000,
        )
        .await
        .unwrap();
    let ids: Vec<uuid::Uuid> = rows.iter().map(|c| c.id).collect();
    let mut by_cdr: HashMap<uuid::Uuid, Vec<(i32, Decimal)>> = HashMap::new();
    for c in tx.charges_of_cdrs(&ids).await.unwrap() {
        by_cdr
            .entry(c.cdr_id)
            .or_default()
            .push((c.level, c.charge.0));
    }
    for c in &rows {
        let mut levels = by_cdr.remove(&c.id).unwrap_or_default();
        levels.sort();
        let mut prev = Decimal::ZERO;
        for (_, charge) in &levels {
            assert!(*charge >= prev);
            prev = *charge;
        }
        assert!(c.charge.0 >= prev, "the customer pays at least every level");
    }
    tx.commit().await.unwrap();
    // The ledger agrees with the independent computation: every level of
    // every call posted once, every journal balanced.
    crate::books::assert_books_balance(&app, &s.op).await;
}

#[tokio::test]
async fn the_parent_bills_each_reseller_wholesale_and_resellers_bill_in_their_brand() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&app, "postpaid").await;
    let (mut blue, blue_v) = reseller(
        &app,
        &s.op,
        "blue",
        ("percent", "20"),
        ("postpaid", Some("100")),
        "25",
    )
    .await;
    let (cust, sip) = customer(&app, &blue, &s.plans["sip"], "Cleo").await;
    post_cdrs(
        &app,
        &s,
        json!([
            call("w1", &sip, "+1 555 0100", 60, "2026-11-10T10:00:00Z"),
            call("w2", &sip, "+44 20 7946 0000", 61, "2026-11-11T10:00:00Z"),
        ]),
    )
    .await;
    // Cleo: 0.06 + 0.24 (two minutes at 0.12); Blue owes 0.05 + 0.20.
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    login(&app, &mut blue).await;
    let run = bill(&app, &blue, json!({})).await;
    assert_eq!(run["invoices"], 1, "Blue bills Cleo");
    let mine = staff(&app, &blue, Method::GET, "/api/v1/invoices", json!(null)).await;
    let inv = &mine["items"][0];
    assert_eq!(inv["number"], "BLUE-000001");
    assert_eq!(inv["customer_id"], cust);
    let detail = staff(
        &app,
        &blue,
        Method::GET,
        &format!("/api/v1/invoices/{}", inv["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    let lines: Vec<(String, Decimal)> = detail["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["description"].as_str().unwrap().to_owned(),
                money(&l["net"]),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("SIP — IP phone (SIP)".to_owned(), dec!(12.00)),
            ("Calls — IP phone (SIP)".to_owned(), dec!(0.30)),
        ],
        "the plan's fee with Blue's 20 %, the calls at Blue's prices"
    );
    let pdf = app
        .send(
            Method::GET,
            &blue.host(),
            &format!("/api/v1/invoices/{}/pdf", inv["id"].as_str().unwrap()),
            None,
            Some(&blue.access_token),
        )
        .await
        .bytes()
        .await
        .unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("Blue Calls"), "{text}");
    // The operator's own run bills Blue's wholesale account.
    let run = bill(&app, &s.op, json!({})).await;
    assert_eq!(run["invoices"], 1, "only Blue's wholesale account is due");
    let ops = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let w = ops["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["customer_id"] == blue_v["wholesale"]["customer_id"])
        .expect("a wholesale invoice")
        .clone();
    assert!(w["number"].as_str().unwrap().starts_with("INV-"));
    let wd = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/invoices/{}", w["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    let wl: Vec<(String, Decimal, i64)> = wd["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["description"].as_str().unwrap().to_owned(),
                money(&l["net"]),
                l["calls"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        wl,
        vec![
            ("Reseller fee — Blue Calls".to_owned(), dec!(25.00), 0),
            ("Wholesale calls — IP phone (SIP)".to_owned(), dec!(0.25), 2),
        ]
    );
    assert_eq!(money(&wd["invoice"]["total"]), dec!(25.25));
    // Blue sees neither the operator's invoices nor its own wholesale one
    // in its console; it pays that on the operator's portal as a customer.
    let blue_sees = staff(&app, &blue, Method::GET, "/api/v1/invoices", json!(null)).await;
    assert_eq!(blue_sees["total"], 1);
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": blue.email, "password": blue.password})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let session: Value = res.json().await.unwrap();
    let my: Value = app
        .send(
            Method::GET,
            &s.op.host(),
            "/api/v1/my/invoices",
            None,
            session["access_token"].as_str(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(my["items"][0]["id"], w["id"]);
    // Blue's console shows the same statement, and where to pay it.
    let statement = staff(&app, &blue, Method::GET, "/api/v1/wholesale", json!(null)).await;
    assert_eq!(statement["invoices"][0]["id"], w["id"]);
    assert_eq!(money(&statement["account"]["credit_limit"]), dec!(100));
    assert!(
        statement["pay_url"]
            .as_str()
            .unwrap()
            .contains("acme.localhost"),
        "{statement}"
    );
    assert_eq!(get(&app, &s.op, "/api/v1/wholesale").await.status(), 403);
    // Asking again is the same run; nothing is billed twice.
    let again = bill(&app, &s.op, json!({})).await;
    assert_eq!(again["id"], run["id"]);
    let after = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    assert_eq!(after["total"], ops["total"]);

    // A November call posted after both runs goes on the next invoices, once.
    post_cdrs(
        &app,
        &s,
        json!([call("w3", &sip, "+1 555 0100", 60, "2026-11-12T10:00:00Z")]),
    )
    .await;
    travel(&app, &mut s.op, at(2027, 1, 1, 6)).await;
    login(&app, &mut blue).await;
    bill(&app, &blue, json!({})).await;
    bill(&app, &s.op, json!({})).await;
    let wholesale_customer = blue_v["wholesale"]["customer_id"].as_str().unwrap();
    let theirs = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/invoices?customer_id={wholesale_customer}"),
        json!(null),
    )
    .await;
    assert_eq!(theirs["total"], 2);
    let jan = staff(
        &app,
        &s.op,
        Method::GET,
        &format!(
            "/api/v1/invoices/{}",
            theirs["items"][0]["id"].as_str().unwrap()
        ),
        json!(null),
    )
    .await;
    let calls: Vec<(String, Decimal, i64)> = jan["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["description"].as_str().unwrap().starts_with("Wholesale"))
        .map(|l| {
            (
                l["description"].as_str().unwrap().to_owned(),
                money(&l["net"]),
                l["calls"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        calls,
        vec![("Wholesale calls — IP phone (SIP)".to_owned(), dec!(0.05), 1)]
    );
    let cleo = staff(
        &app,
        &blue,
        Method::GET,
        &format!("/api/v1/invoices?customer_id={cust}"),
        json!(null),
    )
    .await;
    let cleo_jan = staff(
        &app,
        &blue,
        Method::GET,
        &format!(
            "/api/v1/invoices/{}",
            cleo["items"][0]["id"].as_str().unwrap()
        ),
        json!(null),
    )
    .await;
    assert!(
        cleo_jan["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["description"] == "Calls — IP phone (SIP)" && money(&l["net"]) == dec!(0.06)),
        "{cleo_jan}"
    );
}

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
               "support_email": "help@blue.test", "address": "2 Side St", "tax_id": "GB999"}),
    )
    .await;
    assert_eq!(brand["primary_color"], "#0f766e");
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
    }
    let op_portal: Value = app
        .send(Method::GET, &s.op.host(), "/api/v1/portal", None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(op_portal["name"], "Blue Phone Co");
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

/// Issue 17: every money path at once — CDR batches (some replayed),
/// authorizations, card redemptions of one PIN from two accounts,
/// low-balance changes, adjustments — over customers of the operator and
/// of two reseller levels (prepaid and postpaid). Afterwards every balance
/// equals what the test itself credited less what its rated calls were
/// charged, and the books check is clean; then a bill run per seller and a
/// credit note, and the books are still clean.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn money_paths_at_once_keep_every_balance_and_the_books() {
    use futures_util::FutureExt;
    use futures_util::future::{BoxFuture, join_all};
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 20, 9));
    let mut s = shop(&app, "prepaid").await;
    let (mut r1, _) = reseller(
        &app,
        &s.op,
        "one",
        ("percent", "20"),
        ("postpaid", Some("100000")),
        "0",
    )
    .await;
    let (mut r2, r2v) = reseller(
        &app,
        &r1,
        "two",
        ("per_minute", "0.01"),
        ("prepaid", None),
        "0",
    )
    .await;
    let r2_wholesale = r2v["wholesale"]["customer_id"].as_str().unwrap().to_owned();
    credit(&app, &r1, &r2_wholesale, "1000").await;
    // Customers: three of the operator's, two of each reseller's.
    let mut g = Gen(0x0017_ba1a_9ce5_0001);
    let mut people: Vec<(String, String, &Operator, String)> = Vec::new();
    let sellers = [&s.op, &s.op, &s.op, &r1, &r1, &r2, &r2];
    for (n, seller) in sellers.iter().enumerate() {
        let name = format!("P{n}");
        let (id, sip) = customer(&app, seller, &s.plans["sip"], &name).await;
        let email = format!("{}@example.test", name.to_lowercase());
        crate::helpers::verify_email(&app, &seller.host(), &email).await;
        people.push((id, sip, seller, email));
    }
    let mut credited: HashMap<String, Decimal> = HashMap::new();
    for (id, _, seller, _) in &people {
        credit(&app, seller, id, "30").await;
        credited.insert(id.clone(), dec!(30));
    }
    // The operator's customers sign in (cards, low-balance alerts).
    let mut tokens = Vec::new();
    for (_, _, seller, email) in people.iter().take(3) {
        let v: Value = app
            .send(
                Method::POST,
                &seller.host(),
                "/api/v1/my/login",
                Some(&json!({"email": email, "password": "long password"})),
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        tokens.push(v["access_token"].as_str().unwrap().to_owned());
    }
    let mut pins = Vec::new();
    for _ in 0..3 {
        let batch = staff(
            &app,
            &s.op,
            Method::POST,
            "/api/v1/card-batches",
            json!({"name": "stock", "quantity": 1, "initial_balance": "5.00"}),
        )
        .await;
        let csv = get(
            &app,
            &s.op,
            &format!(
                "/api/v1/card-batches/{}/cards.csv",
                batch["id"].as_str().unwrap()
            ),
        )
        .await
        .text()
        .await
        .unwrap();
        pins.push(
            csv.lines()
                .nth(1)
                .unwrap()
                .split(',')
                .nth(1)
                .unwrap()
                .to_owned(),
        );
    }
    // The work, drawn at random, all at once.
    let dests = ["+1 555 0100", "+44 20 7946 0000", "+44 7700 900123"];
    let mut batches = Vec::new();
    for b in 0..12 {
        let calls: Vec<Value> = (0..8)
            .map(|c| {
                let p = &people[g.below(people.len() as u64) as usize];
                let d = dests[g.below(3) as usize];
                call(
                    &format!("b{b}c{c}"),
                    &p.1,
                    d,
                    g.below(400) as u32,
                    "2026-11-20T10:00:00Z",
                )
            })
            .collect();
        batches.push(Value::Array(calls));
    }
    let mut work: Vec<BoxFuture<'_, ()>> = Vec::new();
    for (i, batch) in batches.iter().enumerate() {
        work.push(post_cdrs(&app, &s, batch.clone()).map(|_| ()).boxed());
        if i % 4 == 0 {
            // A switch retrying the batch on another connection.
            work.push(post_cdrs(&app, &s, batch.clone()).map(|_| ()).boxed());
        }
    }
    for i in 0..16 {
        let p = &people[g.below(people.len() as u64) as usize];
        let ask = json!({"service": "sip", "sip_username": p.1, "destination": "+1 555 0100",
            "call_id": format!("auth-{i}")});
        let app = &app;
        let host = s.op.host();
        let key = s.key.clone();
        work.push(
            async move {
                let res = app
                    .send(
                        Method::POST,
                        &host,
                        "/api/v1/authorize",
                        Some(&ask),
                        Some(&key),
                    )
                    .await;
                assert_eq!(res.status(), 200);
            }
            .boxed(),
        );
    }
    let won = std::sync::Arc::new(std::sync::Mutex::new(Vec::<usize>::new()));
    for pin in &pins {
        for who in [0usize, 1] {
            let app = &app;
            let host = s.op.host();
            let token = tokens[who].clone();
            let pin = pin.clone();
            let won = won.clone();
            work.push(
                async move {
                    let res = app
                        .send(
                            Method::POST,
                            &host,
                            "/api/v1/my/cards/register",
                            Some(&json!({"pin": pin})),
                            Some(&token),
                        )
                        .await;
                    match res.status().as_u16() {
                        201 => won.lock().unwrap().push(who),
                        400 => {}
                        other => panic!("card redemption answered {other}"),
                    }
                }
                .boxed(),
            );
        }
    }
    for i in 0..12 {
        let app = &app;
        let host = s.op.host();
        let token = tokens[i % 3].clone();
        work.push(
            async move {
                let res = app
                    .send(
                        Method::PUT,
                        &host,
                        "/api/v1/my/low-balance",
                        Some(&json!({"threshold": format!("{}.00", i % 5)})),
                        Some(&token),
                    )
                    .await;
                assert_eq!(res.status(), 200);
            }
            .boxed(),
        );
    }
    let mut adjustments = Vec::new();
    for _ in 0..10 {
        let p = &people[g.below(people.len() as u64) as usize];
        let amount = Decimal::new(g.below(2000) as i64 - 500, 2);
        adjustments.push((p.0.clone(), amount));
        *credited.get_mut(&p.0).unwrap() += amount;
        let app = &app;
        let seller: &Operator = p.2;
        let path = format!("/api/v1/customers/{}/adjustments", p.0);
        work.push(
            async move {
                let res = app
                    .send(
                        Method::POST,
                        &seller.host(),
                        &path,
                        Some(&json!({"amount": amount.to_string(), "reason": "random"})),
                        Some(&seller.access_token),
                    )
                    .await;
                assert_eq!(res.status(), 201);
            }
            .boxed(),
        );
    }
    join_all(work).await;

    // Each PIN went to exactly one account.
    let won = won.lock().unwrap().clone();
    assert_eq!(won.len(), pins.len(), "{won:?}");
    for who in won {
        *credited.get_mut(&people[who].0).unwrap() += dec!(5);
    }
    // Every balance: what was credited less what its rated calls cost.
    for (id, _, seller, _) in &people {
        let calls = staff(
            &app,
            seller,
            Method::GET,
            &format!("/api/v1/cdrs?customer_id={id}&status=rated&limit=500"),
            json!(null),
        )
        .await;
        let charged: Decimal = calls["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| money(&c["charge"]))
            .sum();
        assert_eq!(
            balance(&app, seller, id).await,
            credited[id] - charged,
            "customer {id}"
        );
    }
    crate::books::assert_books_balance(&app, &s.op).await;

    // A bill run for every seller, then a credit note: still clean.
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    login(&app, &mut r1).await;
    login(&app, &mut r2).await;
    for seller in [&s.op, &r1, &r2] {
        bill(&app, seller, json!({})).await;
    }
    let page = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let first = page["items"][0]["id"].as_str().unwrap().to_owned();
    staff(
        &app,
        &s.op,
        Method::POST,
        &format!("/api/v1/invoices/{first}/credit-note"),
        json!({"reason": "goodwill"}),
    )
    .await;
    let report = crate::books::assert_books_balance(&app, &s.op).await;
    assert!(report["invoices"].as_u64().unwrap() >= 7, "{report}");
}
