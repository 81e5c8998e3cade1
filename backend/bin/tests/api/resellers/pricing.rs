//! Every call debits every level of the chain at its price; the books balance to the cent.

use super::*;
use ringledger_shared::rating::markup::{Markup, Price, chain};
use ringledger_shared::rating::{Tariff, billable_secs};

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
    // The plan's headline rate: the deck's cheapest (0.05, the USA) with
    // Blue's 20 % and Navy's 0.01 on top — what the rate lookup says too.
    assert_eq!(offers["from_rates"][0]["plan_id"], offers["plans"][0]["id"]);
    assert_eq!(
        money(&offers["from_rates"][0]["rate_per_minute"]),
        dec!(0.07)
    );
    let at_operator: Value = app
        .send(
            Method::GET,
            &s.op.host(),
            "/api/v1/portal/offers",
            None,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        money(&at_operator["from_rates"][0]["rate_per_minute"]),
        dec!(0.05)
    );
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
        .usage()
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
    for c in tx.sellers().charges_of_cdrs(&ids).await.unwrap() {
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
