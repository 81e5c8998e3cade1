//! The audit log (issue 21): who changed what, when, from where; sign-ins;
//! the hash chain that `ringledger audit verify` proves whole, and a
//! tampered chain detected.

use crate::helpers::{TestApp, error_of};
use reqwest::Method;
use sea_orm::{ConnectionTrait, Database, TransactionTrait};
use serde_json::{Value, json};

async fn events(app: &TestApp, host: &str, token: &str, query: &str) -> Vec<Value> {
    let res = app
        .send(
            Method::GET,
            host,
            &format!("/api/v1/audit-events{query}"),
            None,
            Some(token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = res.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

/// A balance adjustment, a failed and a good sign-in: each an event with
/// its actor, object, changes, client address and request id; the
/// customer's history and the CSV export show them.
#[tokio::test]
async fn money_changes_and_sign_ins_are_audited() {
    let app = TestApp::spawn().await;
    let op = app.operator("auda").await;
    let host = op.host();
    let plans = crate::customers::shop(&app, &op).await;
    let session = crate::customers::verified_login(&app, &op, &plans, "cy@auda.test").await;
    let customer = session["me"]["user_id"].as_str().unwrap().to_owned();
    let res = app
        .send(
            Method::POST,
            &host,
            &format!("/api/v1/customers/{customer}/adjustments"),
            Some(&json!({"amount": "12.50", "reason": "goodwill"})),
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 201);
    let bad = json!({"email": op.email, "password": "not the password"});
    let res = app
        .send(Method::POST, &host, "/api/v1/auth/login", Some(&bad), None)
        .await;
    assert_eq!(error_of(res).await.0, 401);

    let history = events(
        &app,
        &host,
        &op.access_token,
        &format!("?customer_id={customer}"),
    )
    .await;
    let created = history
        .iter()
        .find(|e| e["action"] == "customer.created")
        .unwrap_or_else(|| panic!("{history:?}"));
    assert_eq!(created["actor_kind"], "customer", "a portal sign-up");
    let adjusted = history
        .iter()
        .find(|e| e["action"] == "balance.adjusted")
        .unwrap_or_else(|| panic!("{history:?}"));
    assert_eq!(adjusted["actor"], op.email.as_str());
    assert_eq!(adjusted["actor_kind"], "staff");
    assert_eq!(adjusted["changes"]["amount"]["to"], "12.50");
    assert_eq!(adjusted["changes"]["reason"]["to"], "goodwill");
    assert!(adjusted["ip"].as_str().is_some_and(|ip| !ip.is_empty()));
    assert!(adjusted["request_id"].as_str().is_some());

    let failed = events(&app, &host, &op.access_token, "?action=auth.login_failed").await;
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0]["actor_kind"], "anonymous");
    assert_eq!(failed[0]["actor"], op.email.as_str());
    // The customer's own sign-in is there too.
    let signed_in = events(
        &app,
        &host,
        &op.access_token,
        "?action=auth.login_succeeded",
    )
    .await;
    assert!(
        signed_in.iter().any(|e| e["actor_kind"] == "customer"),
        "{signed_in:?}"
    );

    let res = app
        .send(
            Method::GET,
            &host,
            "/api/v1/audit-events/export.csv?action=balance.",
            None,
            Some(&op.access_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with("seq,at,actor_kind,actor,action"), "{csv}");
    assert!(
        csv.contains("balance.adjusted") && csv.contains("goodwill"),
        "{csv}"
    );
    let res = app
        .send(
            Method::GET,
            &host,
            "/api/v1/audit-events?from=yesterday",
            None,
            Some(&op.access_token),
        )
        .await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("from".into()))
    );
    // Prices: the deck and the plans `shop` made.
    let prices = events(&app, &host, &op.access_token, "?limit=500").await;
    let actions: Vec<&str> = prices
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"deck.imported"), "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "plan.created").count(), 4);
    // Another operator sees none of it.
    let other = app.operator("audb").await;
    let theirs = events(&app, &other.host(), &other.access_token, "?action=balance.").await;
    assert!(theirs.is_empty(), "{theirs:?}");
}

fn verify(app: &TestApp, slug: &str) -> std::process::Output {
    let settings = app.state.settings();
    std::process::Command::new(env!("CARGO_BIN_EXE_ringledger"))
        .args(["audit", "verify", "--tenant", slug, "--data-dir"])
        .arg(&settings.data_dir)
        .env("DATABASE_URL", settings.database_url().unwrap())
        .output()
        .unwrap()
}

/// The log is append-only for the application, and `ringledger audit
/// verify` detects an event altered or removed behind its back.
#[tokio::test]
async fn a_tampered_chain_is_detected() {
    let app = TestApp::spawn().await;
    let op = app.operator("audc").await;
    for name in ["Key one", "Key two", "Key three"] {
        let res = app
            .send(
                Method::POST,
                &op.host(),
                "/api/v1/switch-keys",
                Some(&json!({"name": name})),
                Some(&op.access_token),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let out = verify(&app, "audc");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("3 audit events") && stdout.contains("chain intact"),
        "{stdout}"
    );

    let url = app.state.settings().database_url().unwrap();
    let db = Database::connect(url.as_str()).await.unwrap();
    let pg = crate::helpers::on_postgres();
    // Append-only: the application cannot rewrite history.
    let update = "UPDATE audit_events SET changes = '{}' WHERE seq = 2";
    assert!(
        db.execute_unprepared(update).await.is_err(),
        "an update went through"
    );
    assert!(
        db.execute_unprepared("DELETE FROM audit_events WHERE seq = 3")
            .await
            .is_err(),
        "a delete went through"
    );
    if pg {
        // The application's role has no UPDATE grant either.
        let txn = db.begin().await.unwrap();
        txn.execute_unprepared(&format!(
            "SET LOCAL ROLE ringledger_app; SET LOCAL app.tenant_id = '{}'",
            op.tenant_id
        ))
        .await
        .unwrap();
        let refused = txn.execute_unprepared(update).await.unwrap_err();
        assert!(
            refused.to_string().contains("permission denied"),
            "{refused}"
        );
        txn.rollback().await.unwrap();
        db.execute_unprepared("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
            .await
            .unwrap();
    } else {
        db.execute_unprepared(
            "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete",
        )
        .await
        .unwrap();
    }
    // Someone with the database's keys alters event 2…
    db.execute_unprepared(
        "UPDATE audit_events SET changes = '{\"name\":{\"to\":\"Nothing to see\"}}' WHERE seq = 2",
    )
    .await
    .unwrap();
    let out = verify(&app, "audc");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains("event 2 (switch_key.created) was altered"),
        "{stdout}"
    );
    // …and removes the last one.
    db.execute_unprepared("DELETE FROM audit_events WHERE seq = 3")
        .await
        .unwrap();
    let out = verify(&app, "audc");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(stdout.contains("removed from its end"), "{stdout}");
    if pg {
        db.execute_unprepared("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
            .await
            .unwrap();
    }
}

/// Platform admins' sign-ins, succeeded and failed, are in the platform's
/// own chain, which `ringledger audit verify` (without `--tenant`) proves.
#[tokio::test]
async fn admin_sign_ins_are_in_the_platform_chain() {
    let app = TestApp::spawn().await;
    app.operator("audp").await;
    app.admin().await;
    let res = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "root@platform.test", "password": "not the password"}),
        )
        .await;
    assert_eq!(res.status(), 401);
    let tx = app
        .state
        .repos()
        .tenant_read(ringledger_core::audit::PLATFORM_CHAIN)
        .await
        .unwrap();
    let events = tx
        .audit()
        .chain(0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.actor_kind, e.actor_label))
        .collect::<Vec<_>>();
    tx.commit().await.unwrap();
    assert_eq!(
        events,
        [
            (
                "auth.login_succeeded".to_owned(),
                "admin".to_owned(),
                "root@platform.test".to_owned()
            ),
            (
                "auth.login_failed".to_owned(),
                "anonymous".to_owned(),
                "root@platform.test".to_owned()
            ),
        ]
    );
    let settings = app.state.settings();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ringledger"))
        .args(["audit", "verify", "--data-dir"])
        .arg(&settings.data_dir)
        .env("DATABASE_URL", settings.database_url().unwrap())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("platform (admin sign-ins): 2 audit events — chain intact"),
        "{stdout}"
    );
    assert!(stdout.contains("audp ("), "{stdout}");
}
