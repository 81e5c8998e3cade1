//! The `ringledger` binary's commands.

use crate::helpers::TestApp;
use serde_json::json;
use std::io::Write;
use std::process::{Command, Stdio};

fn ringledger(data_dir: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ringledger"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn admin_create_reads_the_password_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let out = ringledger(dir.path(), &["migrate"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = ringledger(
        dir.path(),
        &["admin", "create", "--email", "Boss@Example.test"],
        "a long password\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = ringledger(
        dir.path(),
        &["admin", "create", "--email", "boss@example.test"],
        "a long password\n",
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let short = ringledger(
        dir.path(),
        &["admin", "create", "--email", "x@example.test"],
        "short\n",
    );
    assert!(!short.status.success());
    let bad = ringledger(
        dir.path(),
        &["admin", "create", "--email", "nope"],
        "a long password\n",
    );
    assert!(!bad.status.success());

    // The admin created by the CLI logs in on the bare host.
    if crate::helpers::on_postgres() {
        return; // the CLI wrote to the SQLite file of `dir`, not the test database
    }
    let path = dir.path().to_path_buf();
    let app = TestApp::spawn_with(move |s| s.data_dir = path).await;
    let res = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "boss@example.test", "password": "a long password"}),
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn rate_lists_deck_problems_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("deck.csv");
    let cdrs = dir.path().join("cdrs.csv");
    std::fs::write(&deck, "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n1,US,0.05,0,30,6\n1,US,0.05,0,30,0\n").unwrap();
    std::fs::write(&cdrs, "call_id,destination,duration_secs\na,1555,45\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ringledger"))
        .args(["rate", "--deck"])
        .arg(&deck)
        .arg("--cdrs")
        .arg(&cdrs)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3: prefix: duplicate prefix “1”: also on line 2"),
        "{stderr}"
    );
    assert!(stderr.contains("line 3: subsequent_increment"), "{stderr}");
    assert!(out.stdout.is_empty());

    std::fs::write(&deck, "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n1,US,0.05,0,30,6\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ringledger"))
        .args(["rate", "--deck"])
        .arg(&deck)
        .arg("--cdrs")
        .arg(&cdrs)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "call_id,status,prefix,billable_secs,charge\na,rated,1,48,0.0400\n"
    );
}

#[tokio::test]
async fn import_deck_does_what_the_console_does() {
    if crate::helpers::on_postgres() {
        return; // the CLI writes to the SQLite file of its data dir
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let app = TestApp::spawn_with(move |s| s.data_dir = path).await;
    let op = app.operator("acme").await;
    let deck = dir.path().join("deck.csv");
    std::fs::write(&deck, crate::catalog::DECK).unwrap();
    let out = ringledger(
        dir.path(),
        &[
            "import-deck",
            "--tenant",
            "acme",
            "--name",
            "Wholesale",
            "--effective-from",
            "2020-01-01",
            deck.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 rows"));
    let list: serde_json::Value = app
        .send(
            reqwest::Method::GET,
            &op.host(),
            "/api/v1/rate-decks",
            None,
            Some(&op.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["name"], "Wholesale");

    std::fs::write(&deck, "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n1,US,x,0,30,6\n").unwrap();
    let out = ringledger(
        dir.path(),
        &[
            "import-deck",
            "--tenant",
            "acme",
            "--name",
            "Broken",
            "--deck",
            deck.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2: rate_per_minute"));
}

#[tokio::test]
async fn backup_copies_the_database_and_keys_while_serving() {
    let app = TestApp::spawn().await;
    app.operator("bkup").await;
    let dir = app.state.settings().data_dir.clone();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("b1");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ringledger"));
    cmd.args(["backup", "--out"])
        .arg(&target)
        .arg("--data-dir")
        .arg(&dir);
    match app.state.settings().database_url.as_ref() {
        Some(url) => cmd.env("DATABASE_URL", secrecy::ExposeSecret::expose_secret(url)),
        None => cmd.env_remove("DATABASE_URL"),
    };
    let done = cmd.output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(target.join("secrets.key").exists());
    assert!(target.join("jwt-signing.key").exists());
    if crate::helpers::on_postgres() {
        // The dump lists the operator's row when pg_restore reads it back.
        let dump = target.join("ringledger.pgdump");
        let sql = Command::new("pg_restore")
            .arg("--data-only")
            .arg("--table=tenants")
            .arg("--file=-")
            .arg(&dump)
            .output()
            .unwrap();
        assert!(sql.status.success());
        assert!(String::from_utf8_lossy(&sql.stdout).contains("bkup"));
    } else {
        let db = target.join("ringledger.db");
        let url = format!("sqlite://{}?mode=ro", db.display());
        let conn = sea_orm::Database::connect(url).await.unwrap();
        use sea_orm::ConnectionTrait;
        let row = conn
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DbBackend::Sqlite,
                "SELECT count(*) AS n FROM tenants WHERE slug = 'bkup'",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get::<i32>("", "n").unwrap(), 1);
    }
    // A second backup into the same directory is refused.
    let mut again = Command::new(env!("CARGO_BIN_EXE_ringledger"));
    again
        .args(["backup", "--out"])
        .arg(&target)
        .arg("--data-dir")
        .arg(&dir)
        .env_remove("DATABASE_URL");
    let again = again.output().unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}
