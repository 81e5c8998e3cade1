//! The ledger (issue 17): every money path posts balanced journals, the
//! stored balance is the sum of its postings, the holes that minted or lost
//! money stay closed under concurrency, and `books check` names what does
//! not add up.

use crate::authorize::{World, staff, top_up, world};
use crate::helpers::{Operator, TestApp, error_of, verify_email};
use futures_util::future::join_all;
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::str::FromStr;

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or("0")).unwrap()
}

/// Checks the whole tenant's books through the API and returns the report;
/// panics naming the discrepancies when anything does not add up.
pub async fn assert_books_balance(app: &TestApp, op: &Operator) -> Value {
    let report = staff(app, op, Method::GET, "/api/v1/books/check", json!(null)).await;
    assert_eq!(
        report["ok"], true,
        "the books do not balance: {:#}",
        report["discrepancies"]
    );
    // Each seller's trial balance sums to zero.
    let mut sums = std::collections::HashMap::<String, Decimal>::new();
    for row in report["trial_balance"].as_array().unwrap() {
        *sums
            .entry(row["seller_id"].as_str().unwrap().into())
            .or_default() += dec(&row["balance"]);
    }
    assert!(sums.values().all(|s| s.is_zero()), "{sums:?}");
    report
}

/// The account's ledger (newest first) and its balance.
async fn ledger(app: &TestApp, op: &Operator, customer: &str) -> (Vec<Value>, Decimal) {
    let page = staff(
        app,
        op,
        Method::GET,
        &format!("/api/v1/customers/{customer}/ledger"),
        json!(null),
    )
    .await;
    let c = staff(
        app,
        op,
        Method::GET,
        &format!("/api/v1/customers/{customer}"),
        json!(null),
    )
    .await;
    (
        page["items"].as_array().unwrap().clone(),
        dec(&c["account"]["balance"]),
    )
}

fn cdr(id: &str, user: &str, secs: u64) -> Value {
    json!({"call_id": id, "service": "sip", "sip_username": user, "destination": "+1 555 0100",
           "start_time": "2026-11-20T10:00:00Z", "duration_secs": secs, "media": "audio"})
}

async fn post_cdrs(app: &TestApp, w: &World, body: Value) -> Value {
    let res = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/cdrs",
            Some(&body),
            Some(&w.key),
        )
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// A verified customer with one SIP line; returns (customer id, token).
async fn customer(app: &TestApp, op: &Operator, email: &str) -> (String, String) {
    let sip = crate::authorize::sip_plan(app, op).await;
    let body = json!({"name": "Bo", "email": email, "password": "long password",
        "services": [{"kind": "sip", "plan_id": sip}]});
    let res = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let id = res.json::<Value>().await.unwrap()["customer"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    verify_email(app, &op.host(), email).await;
    let login: Value = app
        .send(
            Method::POST,
            &op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": email, "password": "long password"})),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    (id, login["access_token"].as_str().unwrap().to_owned())
}

/// A stock card of `amount`; returns its PIN.
async fn stock_card(app: &TestApp, op: &Operator, amount: &str) -> String {
    let batch = staff(
        app,
        op,
        Method::POST,
        "/api/v1/card-batches",
        json!({"name": "stock", "quantity": 1, "initial_balance": amount}),
    )
    .await;
    let csv = app
        .send(
            Method::GET,
            &op.host(),
            &format!(
                "/api/v1/card-batches/{}/cards.csv",
                batch["id"].as_str().unwrap()
            ),
            None,
            Some(&op.access_token),
        )
        .await
        .text()
        .await
        .unwrap();
    csv.lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn every_money_path_posts_balanced_journals_whose_postings_are_the_balance() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    // A card redeemed: its value moves from card stock to the account.
    top_up(&app, &w, "10.00").await;
    let (entries, balance) = ledger(&app, &w.op, &w.customer_id).await;
    assert_eq!(balance, Decimal::new(10, 0));
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["kind"], "card_redemption");
    assert_eq!(dec(&entries[0]["amount"]), Decimal::new(10, 0));

    // Adjustments, one of them retried with the same key: posted once.
    let adjust = |amount: &str, key: Option<&str>| {
        let mut req = app
            .client
            .post(app.url(&format!("/api/v1/customers/{}/adjustments", w.customer_id)))
            .header("Host", w.op.host())
            .bearer_auth(&w.op.access_token)
            .json(&json!({"amount": amount, "reason": "goodwill"}));
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        req.send()
    };
    assert_eq!(adjust("2.50", Some("k1")).await.unwrap().status(), 201);
    assert_eq!(adjust("2.50", Some("k1")).await.unwrap().status(), 201);
    assert_eq!(adjust("-1.25", None).await.unwrap().status(), 201);
    // Calls: one usage journal per batch and account.
    post_cdrs(
        &app,
        &w,
        json!([cdr("c1", &w.sip, 60), cdr("c2", &w.sip, 45)]),
    )
    .await;
    // A replayed batch posts nothing.
    post_cdrs(&app, &w, json!([cdr("c1", &w.sip, 60)])).await;

    let (entries, balance) = ledger(&app, &w.op, &w.customer_id).await;
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["usage", "adjustment", "adjustment", "card_redemption"]
    );
    // 10 + 2.50 − 1.25 − (0.05 + 0.04) = 11.16
    assert_eq!(balance, Decimal::from_str("11.16").unwrap());
    let sum: Decimal = entries.iter().map(|e| dec(&e["amount"])).sum();
    assert_eq!(sum, balance, "the postings are the balance");
    assert_eq!(dec(&entries[0]["balance_after"]), balance);
    assert_eq!(
        dec(&entries[3]["balance_after"]),
        Decimal::new(10, 0),
        "running balance walked back"
    );

    // The journal shows both sides of each movement.
    let journals = staff(
        &app,
        &w.op,
        Method::GET,
        "/api/v1/books/journals?from=2000-01-01&to=2100-01-01",
        json!(null),
    )
    .await;
    for j in journals["items"].as_array().unwrap() {
        let legs = j["postings"].as_array().unwrap();
        assert!(legs.len() >= 2, "{j}");
        let sum: Decimal = legs.iter().map(|p| dec(&p["amount"])).sum();
        assert!(sum.is_zero(), "{j}");
    }
    let usage = journals["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["kind"] == "usage")
        .unwrap();
    let revenue = usage["postings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["book"] == "revenue_usage")
        .unwrap();
    assert_eq!(dec(&revenue["amount"]), Decimal::from_str("0.09").unwrap());

    // A statement reconciles opening → postings → closing.
    let st = staff(
        &app,
        &w.op,
        Method::GET,
        &format!(
            "/api/v1/customers/{}/statement?from=2000-01-01&to=2100-01-01",
            w.customer_id
        ),
        json!(null),
    )
    .await;
    assert_eq!(dec(&st["opening"]), Decimal::ZERO);
    assert_eq!(dec(&st["closing"]), balance);
    assert_eq!(st["entries"].as_array().unwrap().len(), 4);

    // The trial balance of the period sums to zero and shows the books.
    let tb = staff(
        &app,
        &w.op,
        Method::GET,
        "/api/v1/books/trial-balance?from=2000-01-01&to=2100-01-01",
        json!(null),
    )
    .await;
    assert_eq!(dec(&tb["total"]), Decimal::ZERO);
    let books: Vec<&str> = tb["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["book"].as_str().unwrap())
        .collect();
    assert_eq!(
        books,
        ["customer", "revenue_usage", "card_stock", "adjustments"]
    );
    // Field errors name the field.
    let res = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/books/trial-balance?from=2026-13-01",
            None,
            Some(&w.op.access_token),
        )
        .await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("from".into()))
    );
    // The CSV export: one line per posting, stable columns.
    let csv = app
        .send(
            Method::GET,
            &w.op.host(),
            "/api/v1/books/postings.csv?from=2000-01-01&to=2100-01-01",
            None,
            Some(&w.op.access_token),
        )
        .await
        .text()
        .await
        .unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "posted_at,journal_id,journal_kind,posting_id,book,account_id,customer,amount,currency,memo,actor,cause_type,cause_id"
    );
    assert_eq!(lines.count(), 8, "4 journals × 2 postings\n{csv}");
    assert_books_balance(&app, &w.op).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_stock_card_redeemed_by_two_accounts_at_once_credits_one() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    let pin = stock_card(&app, &w.op, "10.00").await;
    let (a, ta) = customer(&app, &w.op, "a@example.test").await;
    let (b, tb) = customer(&app, &w.op, "b@example.test").await;
    for round in 0..3 {
        let pin = if round == 0 {
            pin.clone()
        } else {
            stock_card(&app, &w.op, "10.00").await
        };
        let body = json!({"pin": pin});
        let host = w.op.host();
        let tries = [&ta, &tb].map(|t| {
            app.send(
                Method::POST,
                &host,
                "/api/v1/my/cards/register",
                Some(&body),
                Some(t),
            )
        });
        let answers = join_all(tries).await;
        let won = answers.iter().filter(|r| r.status() == 201).count();
        assert_eq!(won, 1, "one redemption of the card");
    }
    let (_, ba) = ledger(&app, &w.op, &a).await;
    let (_, bb) = ledger(&app, &w.op, &b).await;
    assert_eq!(ba + bb, Decimal::new(30, 0), "three cards of 10.00");
    assert_books_balance(&app, &w.op).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn low_balance_changes_racing_cdr_batches_lose_no_debit() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "100.00").await;
    let login: Value = app
        .send(
            Method::POST,
            &w.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": "al@example.test", "password": "long password"})),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    let batches = (0..20).map(|i| {
        let calls: Vec<Value> = (0..3)
            .map(|j| cdr(&format!("r{i}-{j}"), &w.sip, 60))
            .collect();
        post_cdrs(&app, &w, Value::Array(calls))
    });
    let changes = (0..60).map(|i| {
        let token = token.clone();
        let app = &app;
        let host = w.op.host();
        async move {
            let res = app
                .send(
                    Method::PUT,
                    &host,
                    "/api/v1/my/low-balance",
                    Some(&json!({"threshold": format!("{}.00", i % 7)})),
                    Some(&token),
                )
                .await;
            assert_eq!(res.status(), 200);
        }
    });
    let (_, _) = tokio::join!(join_all(batches), join_all(changes));
    let (entries, balance) = ledger(&app, &w.op, &w.customer_id).await;
    // 60 one-minute calls at 0.05.
    assert_eq!(balance, Decimal::new(97, 0), "no debit lost");
    let sum: Decimal = entries.iter().map(|e| dec(&e["amount"])).sum();
    assert_eq!(sum, balance);
    assert_books_balance(&app, &w.op).await;
}

#[tokio::test]
async fn books_check_names_a_balance_changed_outside_the_ledger() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "5.00").await;
    assert_books_balance(&app, &w.op).await;
    // A path that bypasses the ledger: the balance written directly.
    let url = app.state.settings().database_url().unwrap();
    let db = sea_orm::Database::connect(url.as_str()).await.unwrap();
    use sea_orm::ConnectionTrait;
    db.execute_unprepared("UPDATE accounts SET balance = '6' WHERE balance <> '0'")
        .await
        .unwrap();
    let report = staff(&app, &w.op, Method::GET, "/api/v1/books/check", json!(null)).await;
    assert_eq!(report["ok"], false);
    let first = report["discrepancies"][0].as_str().unwrap();
    assert!(
        first.contains("stores a balance of 6 but its postings sum to 5"),
        "{first}"
    );
    // The reseller-free operator's staff see it; nobody else may ask.
    let res = app
        .send(Method::GET, &w.op.host(), "/api/v1/books/check", None, None)
        .await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn a_calling_card_call_before_the_first_deck_version_says_why_and_re_rates() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "5.00").await;
    let call = json!([{"call_id": "early", "service": "calling_card", "pin": w.pin,
        "destination": "+1 555 0100", "start_time": "2019-06-01T10:00:00Z",
        "duration_secs": 60, "media": "audio"}]);
    let v = post_cdrs(&app, &w, call).await;
    assert_eq!(v["rejected"][0]["code"], "no_rate");
    assert_eq!(
        v["rejected"][0]["detail"],
        "no deck version in force on 2019-06-01"
    );
    let kept = staff(
        &app,
        &w.op,
        Method::GET,
        "/api/v1/cdrs?status=rejected",
        json!(null),
    )
    .await;
    assert_eq!(
        kept["items"][0]["reason_detail"],
        "no deck version in force on 2019-06-01"
    );
    // A version in force earlier: the kept calling-card call re-rates.
    let res = crate::catalog::upload(
        &app,
        &w.op,
        "name=Retail&effective_from=2019-01-01",
        crate::catalog::DECK,
    )
    .await;
    assert_eq!(res.status(), 201);
    let v = staff(&app, &w.op, Method::POST, "/api/v1/cdrs/rerate", json!({})).await;
    assert_eq!(
        (v["rerated"].as_u64(), v["still_rejected"].as_u64()),
        (Some(1), Some(0))
    );
    let (_, balance) = ledger(&app, &w.op, &w.customer_id).await;
    assert_eq!(balance, Decimal::from_str("4.95").unwrap());
    assert_books_balance(&app, &w.op).await;
}

#[tokio::test]
async fn the_books_check_command_proves_the_books_and_names_the_first_discrepancy() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "5.00").await;
    post_cdrs(&app, &w, json!([cdr("k1", &w.sip, 60)])).await;
    let url = app.state.settings().database_url().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_ringledger"))
            .args(["books", "check", "--tenant", "acme", "--data-dir"])
            .arg(dir.path())
            .env("DATABASE_URL", &url)
            .env_remove("RINGLEDGER_DATABASE_URL")
            .output()
            .unwrap()
    };
    let out = run();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("books balance"), "{stdout}");
    assert!(stdout.contains("trial balance of acme"), "{stdout}");
    assert!(stdout.contains("Prepaid card stock"), "{stdout}");
    // A balance changed behind the ledger's back.
    let db = sea_orm::Database::connect(url.as_str()).await.unwrap();
    use sea_orm::ConnectionTrait;
    db.execute_unprepared("UPDATE accounts SET balance = '7' WHERE balance <> '0'")
        .await
        .unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("books check failed: acme: account")
            && stderr.contains("stores a balance of 7 but its postings sum to 4.95"),
        "{stderr}"
    );
}

#[tokio::test]
async fn another_tenants_books_and_statements_are_out_of_reach() {
    let app = TestApp::spawn().await;
    let w = world(&app, None).await;
    top_up(&app, &w, "5.00").await;
    let other = app.operator("globex").await;
    for (method, path) in [
        (
            Method::GET,
            format!("/api/v1/customers/{}/ledger", w.customer_id),
        ),
        (
            Method::GET,
            format!("/api/v1/customers/{}/statement", w.customer_id),
        ),
        (
            Method::POST,
            format!("/api/v1/customers/{}/adjustments", w.customer_id),
        ),
    ] {
        let res = app
            .send(
                method,
                &other.host(),
                &path,
                Some(&json!({"amount": "1", "reason": "x"})),
                Some(&other.access_token),
            )
            .await;
        assert_eq!(res.status(), 404, "{path}");
    }
    let journals = staff(
        &app,
        &other,
        Method::GET,
        "/api/v1/books/journals?from=2000-01-01&to=2100-01-01",
        json!(null),
    )
    .await;
    assert_eq!(journals["total"], 0);
    let report = staff(
        &app,
        &other,
        Method::GET,
        "/api/v1/books/check",
        json!(null),
    )
    .await;
    assert_eq!(
        (report["ok"].as_bool(), report["journals"].as_u64()),
        (Some(true), Some(0))
    );
    let csv = app
        .send(
            Method::GET,
            &other.host(),
            "/api/v1/books/postings.csv?from=2000-01-01&to=2100-01-01",
            None,
            Some(&other.access_token),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 1, "the header only");
    // The acme customer's balance is untouched by the attempts.
    let (_, balance) = ledger(&app, &w.op, &w.customer_id).await;
    assert_eq!(balance, Decimal::new(5, 0));
}
