//! Issue 17: every money path at once keeps every balance and the books.

use super::*;

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
