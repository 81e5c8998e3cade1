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
