//! A bill run killed half-way (`SIGKILL` of the real binary) resumes when
//! the server starts again and issues exactly one invoice per account,
//! numbered without gaps.

use crate::catalog::DECK;
use crate::helpers::{TestApp, fresh_database_url, numbered, sorted_numbers};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    port: u16,
    client: reqwest::Client,
}

impl Server {
    async fn start(dir: &std::path::Path, db: &str, port: u16, now: &str, pause_ms: u64) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ringledger"));
        cmd.args(["serve", "--port", &port.to_string(), "--data-dir"])
            .arg(dir)
            .env("RINGLEDGER_FAKE_NOW", now)
            .env("RINGLEDGER_BILL_RUN_CHUNK", "2")
            .env("RINGLEDGER_BILL_RUN_PAUSE_MS", pause_ms.to_string())
            .env("RINGLEDGER_LOG_FORMAT", "json")
            .env("RUST_LOG", "warn")
            .env_remove("RINGLEDGER_SMTP_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if db.is_empty() {
            cmd.env_remove("DATABASE_URL");
        } else {
            cmd.env("DATABASE_URL", db);
        }
        let mut server = Server {
            child: cmd.spawn().unwrap(),
            port,
            client: reqwest::Client::new(),
        };
        for _ in 0..300 {
            let up = server
                .client
                .get(format!("http://127.0.0.1:{port}/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if up {
                return server;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let _ = server.child.kill();
        let _ = server.child.wait();
        panic!("the server did not start");
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Value {
        let mut req = self
            .client
            .request(method, format!("http://127.0.0.1:{}{path}", self.port))
            .header(HOST, format!("acme.localhost:{}", self.port));
        if let Some(t) = token {
            req = req.header(AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        assert!(res.status().is_success(), "{path}: {}", res.status());
        res.json().await.unwrap_or(Value::Null)
    }

    async fn login(&self) -> String {
        let v = self
            .call(
                reqwest::Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": "owner@acme.test", "password": "correct horse battery"})),
            )
            .await;
        v["access_token"].as_str().unwrap().to_owned()
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An operator (`acme`) and six customers with a 10.00 SIP plan.
async fn seed(a: &Server, port: u16) {
    let signup = a
        .client
        .post(format!("http://127.0.0.1:{port}/api/v1/tenants"))
        .json(&TestApp::signup_body("acme"))
        .send()
        .await
        .unwrap();
    assert!(signup.status().is_success());
    let token = a.login().await;
    let deck: Value = a
        .client
        .post(format!(
            "http://127.0.0.1:{port}/api/v1/rate-decks/import?name=Retail&effective_from=2020-01-01"
        ))
        .header(HOST, format!("acme.localhost:{port}"))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .header(CONTENT_TYPE, "text/csv")
        .body(DECK)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let plan = a
        .call(reqwest::Method::POST, "/api/v1/plans", Some(&token),
            Some(json!({"name": "SIP", "service_kind": "sip", "deck_id": deck["deck"]["id"], "monthly_fee": "10.00"})))
        .await;
    for i in 0..6 {
        a.call(reqwest::Method::POST, "/api/v1/portal/signup", None,
            Some(json!({"name": format!("C{i}"), "email": format!("c{i}@example.test"), "password": "long password",
                        "services": [{"kind": "sip", "plan_id": plan["id"]}]})))
            .await;
    }
}

/// A free TCP port.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn a_killed_bill_run_resumes_and_bills_each_account_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database_url().await;
    let port = free_port();

    // November 1st: an operator and six customers with a 10.00 SIP plan.
    let a = Server::start(dir.path(), &db, port, "2026-11-01T09:00:00Z", 0).await;
    seed(&a, port).await;
    a.kill();

    // December 1st: the run starts, two accounts per chunk, and is killed
    // after its first chunk.
    let b = Server::start(dir.path(), &db, port, "2026-12-01T06:00:00Z", 3_000).await;
    let token = b.login().await;
    let run = b
        .call(
            reqwest::Method::POST,
            "/api/v1/bill-runs",
            Some(&token),
            Some(json!({})),
        )
        .await;
    let path = format!("/api/v1/bill-runs/{}", run["id"].as_str().unwrap());
    assert_eq!(run["total_accounts"], 6);
    let mut done = 0;
    for _ in 0..100 {
        done = b
            .call(reqwest::Method::GET, &path, Some(&token), None)
            .await["done_accounts"]
            .as_u64()
            .unwrap();
        if done > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(done, 2, "killed between chunks");
    b.kill();

    // Started again, it finishes what was left.
    let c = Server::start(dir.path(), &db, port, "2026-12-01T06:30:00Z", 0).await;
    let token = c.login().await;
    let mut status = String::new();
    for _ in 0..200 {
        let now = c
            .call(reqwest::Method::GET, &path, Some(&token), None)
            .await;
        status = now["status"].as_str().unwrap().to_owned();
        if status == "done" {
            assert_eq!(now["done_accounts"], 6);
            assert_eq!(now["invoices"], 6);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status, "done");
    let page = c
        .call(
            reqwest::Method::GET,
            "/api/v1/invoices?limit=50",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(page["total"], 6);
    assert_eq!(
        sorted_numbers(&page),
        numbered("INV-", 6),
        "one per account, no gaps"
    );
    let customers: std::collections::HashSet<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["customer_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(customers.len(), 6);
    c.kill();
}

#[tokio::test]
async fn sigterm_stops_after_the_chunk_under_way_and_the_run_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database_url().await;
    let port = free_port();
    let a = Server::start(dir.path(), &db, port, "2026-11-01T09:00:00Z", 0).await;
    seed(&a, port).await;
    a.kill();

    let mut b = Server::start(dir.path(), &db, port, "2026-12-01T06:00:00Z", 1_500).await;
    let token = b.login().await;
    let run = b
        .call(
            reqwest::Method::POST,
            "/api/v1/bill-runs",
            Some(&token),
            Some(json!({})),
        )
        .await;
    let path = format!("/api/v1/bill-runs/{}", run["id"].as_str().unwrap());
    for _ in 0..100 {
        let now = b
            .call(reqwest::Method::GET, &path, Some(&token), None)
            .await;
        if now["done_accounts"].as_u64().unwrap() > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // SIGTERM (as Kubernetes sends): the process drains, lets the unit of
    // work under way finish, starts no new chunk, and exits cleanly.
    let sent = Command::new("kill")
        .args(["-TERM", &b.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = b.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed().as_secs() < 30,
            "still running after SIGTERM"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(status.success(), "a clean exit: {status:?}");

    // Started again, it takes its own run back at once (same host and
    // port) and finishes it: one invoice per account, no gaps.
    let c = Server::start(dir.path(), &db, port, "2026-12-01T06:30:00Z", 0).await;
    let token = c.login().await;
    let mut last = Value::Null;
    for _ in 0..200 {
        last = c
            .call(reqwest::Method::GET, &path, Some(&token), None)
            .await;
        if last["status"] == "done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(last["status"], "done");
    assert_eq!(
        (&last["done_accounts"], &last["invoices"]),
        (&json!(6), &json!(6))
    );
    let page = c
        .call(
            reqwest::Method::GET,
            "/api/v1/invoices?limit=50",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(sorted_numbers(&page), numbered("INV-", 6));
    c.kill();
}
