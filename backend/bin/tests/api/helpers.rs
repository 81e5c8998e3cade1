//! `TestApp::spawn()`: the real server on port 0 with a fresh database, plus
//! typed actors (`operator`, `admin`) and a client that sets the `Host` header.

use reqwest::{Method, Response};
use ringledger::auth::password;
use ringledger::clock::SettableClock;
use ringledger::config::Settings;
use ringledger::entities::platform_admins;
use ringledger::startup::Application;
use ringledger::state::AppState;
use serde_json::{Value, json};

/// Which database the suite runs on.
pub fn on_postgres() -> bool {
    std::env::var("RINGLEDGER_TEST_DB")
        .map(|v| v == "postgres")
        .unwrap_or(false)
}

pub async fn fresh_database_url() -> String {
    if !on_postgres() {
        return String::new();
    }
    let base = std::env::var("RINGLEDGER_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let prefix = std::env::var("RINGLEDGER_TEST_DB_PREFIX").unwrap_or_else(|_| "rl_test".into());
    let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
    let admin = sea_orm::Database::connect(format!("{base}/postgres"))
        .await
        .expect("connect to PostgreSQL");
    use sea_orm::ConnectionTrait;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
    format!("{base}/{name}")
}

/// A running server and a client for it.
pub struct TestApp {
    pub port: u16,
    pub client: reqwest::Client,
    pub state: AppState,
    /// The clock the server reads (the system clock until a test pins it).
    clock: SettableClock,
    /// The DNS answers the server sees (custom-domain proofs).
    pub dns: ringledger_core::dns::StaticDns,
    _data_dir: Option<tempfile::TempDir>,
    /// How many e-mails the shared SMTP server (maildev) held when this
    /// server started: none of those can be this server's, even when a
    /// finished test used the same port.
    mail_from: usize,
}

/// An operator signed up through the API.
#[derive(Clone)]
pub struct Operator {
    pub tenant_id: String,
    pub slug: String,
    pub email: String,
    pub password: String,
    pub access_token: String,
    pub refresh_token: String,
}

impl Operator {
    /// The operator's portal host.
    pub fn host(&self) -> String {
        format!("{}.localhost", self.slug)
    }
}

/// A platform admin, logged in.
pub struct Admin {
    pub access_token: String,
    pub refresh_token: String,
}

impl TestApp {
    /// Starts the server on a fresh database.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the server after `tweak` adjusts the settings.
    pub async fn spawn_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let static_dir = data_dir.path().join("dist");
        std::fs::create_dir_all(static_dir.join("assets")).unwrap();
        std::fs::write(
            static_dir.join("index.html"),
            "<!doctype html><title>SPA</title>",
        )
        .unwrap();
        for (page, title) in [("portal.html", "Portal"), ("account.html", "Account")] {
            std::fs::write(
                static_dir.join(page),
                format!("<!doctype html><title>{title}</title>"),
            )
            .unwrap();
        }
        std::fs::write(static_dir.join("assets/app-0123.js"), "console.log(1)").unwrap();
        // The build's pre-compressed copy (stand-in bytes: the test reads headers).
        std::fs::write(static_dir.join("assets/app-0123.js.br"), "BROTLI").unwrap();
        // A bundle split into chunks: its folder, named after its hash.
        std::fs::create_dir_all(static_dir.join("assets/console-0123")).unwrap();
        std::fs::write(static_dir.join("assets/console-0123/chunk_0.wasm"), "WASM").unwrap();
        std::fs::write(static_dir.join("assets/console-0123/chunk_0.wasm.br"), "BR").unwrap();

        let mut settings = Settings {
            port: 0,
            data_dir: data_dir.path().to_path_buf(),
            static_dir,
            log_format: "pretty".into(),
            ..Settings::default()
        };
        if let Ok(smtp) = std::env::var("RINGLEDGER_TEST_SMTP_URL") {
            settings.smtp_url = Some(smtp.into());
        }
        let url = fresh_database_url().await;
        if !url.is_empty() {
            settings.database_url = Some(url.into());
        }
        tweak(&mut settings);
        Self::start(settings, Some(data_dir)).await
    }

    /// A second server on the same database and data directory (so the
    /// same keys): another instance behind the same load balancer.
    pub async fn sibling(&self) -> TestApp {
        let mut settings = self.state.settings().clone();
        settings.port = 0;
        Self::start(settings, None).await
    }

    async fn start(settings: Settings, data_dir: Option<tempfile::TempDir>) -> TestApp {
        let clock = SettableClock::system();
        let dns = ringledger_core::dns::StaticDns::default();
        let app = Application::build_with(
            settings,
            std::sync::Arc::new(clock.clone()),
            std::sync::Arc::new(dns.clone()),
        )
        .await
        .expect("build app");
        let port = app.port();
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            port,
            client,
            state,
            clock,
            dns,
            _data_dir: data_dir,
            mail_from: maildev_mails().await.len(),
        }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Sends a request to `host` (the `Host` header), with an optional JSON
    /// body and bearer token.
    pub async fn send(
        &self,
        method: Method,
        host: &str,
        path: &str,
        body: Option<&Value>,
        token: Option<&str>,
    ) -> Response {
        let mut req = self
            .client
            .request(method, self.url(path))
            .header("Host", format!("{host}:{}", self.port));
        if let Some(b) = body {
            req = req.json(b);
        }
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    /// Sends `csv` as a `text/csv` body with `token`.
    pub async fn send_csv(
        &self,
        method: Method,
        host: &str,
        path: &str,
        csv: &str,
        token: &str,
    ) -> Response {
        self.send_body(method, host, path, ("text/csv", csv.to_owned()), token)
            .await
    }

    /// Sends `body` as it is, with its content type, and `token`.
    pub async fn send_body(
        &self,
        method: Method,
        host: &str,
        path: &str,
        (content_type, body): (&str, String),
        token: &str,
    ) -> Response {
        self.client
            .request(method, self.url(path))
            .header("Host", format!("{host}:{}", self.port))
            .header("Content-Type", content_type)
            .bearer_auth(token)
            .body(body)
            .send()
            .await
            .expect("request")
    }

    /// POST JSON on the bare host.
    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.send(Method::POST, "localhost", path, Some(body), None)
            .await
    }

    /// A sign-up body for `slug`.
    pub fn signup_body(slug: &str) -> Value {
        json!({
            "company_name": format!("{slug} Telecom"),
            "slug": slug,
            "email": format!("owner@{slug}.test"),
            "password": "correct horse battery",
            "currency": "EUR",
            "country": "GB"
        })
    }

    /// Signs an operator up through the API.
    pub async fn operator(&self, slug: &str) -> Operator {
        let body = Self::signup_body(slug);
        let res = self.post("/api/v1/tenants", &body).await;
        assert_eq!(res.status(), 201, "sign-up of {slug}");
        let v: Value = res.json().await.unwrap();
        // The owner's e-mail, verified (the link's own flow is tested in
        // security/sessions.rs): most tests go on to take payments or
        // create resellers.
        let tenant =
            ringledger_shared::ids::TenantId(v["tenant"]["id"].as_str().unwrap().parse().unwrap());
        let tx = self.state.repos().tenant(tenant).await.unwrap();
        let owner = tx
            .user_by_email(body["email"].as_str().unwrap())
            .await
            .unwrap()
            .unwrap();
        tx.set_user_email_check(
            ringledger_shared::ids::UserId(owner.id),
            None,
            Some(chrono::Utc::now()),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        Operator {
            tenant_id: v["tenant"]["id"].as_str().unwrap().to_owned(),
            slug: slug.to_owned(),
            email: body["email"].as_str().unwrap().to_owned(),
            password: body["password"].as_str().unwrap().to_owned(),
            access_token: v["session"]["access_token"].as_str().unwrap().to_owned(),
            refresh_token: v["handoff_token"].as_str().unwrap().to_owned(),
        }
    }

    /// Creates a platform admin directly in the database, logs it in and
    /// turns on its two-factor sign-in (platform admins must have it).
    pub async fn admin(&self) -> Admin {
        let admin = self.admin_without_two_factor().await;
        let token = Some(admin.access_token.as_str());
        let res = self
            .send(
                Method::POST,
                "localhost",
                "/api/v1/admin/two-factor/setup",
                Some(&json!({})),
                token,
            )
            .await;
        assert_eq!(res.status(), 200);
        let secret = res.json::<Value>().await.unwrap()["secret"]
            .as_str()
            .unwrap()
            .to_owned();
        // At the app's clock (a test may have moved it).
        let code = json!({"code": totp_code_at(&secret, ringledger::clock::Clock::now(self.clock()).timestamp())});
        let res = self
            .send(
                Method::POST,
                "localhost",
                "/api/v1/admin/two-factor/confirm",
                Some(&code),
                token,
            )
            .await;
        assert_eq!(res.status(), 200);
        admin
    }

    /// Creates a platform admin directly in the database and logs it in
    /// (two-factor sign-in not turned on yet: it can only enrol).
    pub async fn admin_without_two_factor(&self) -> Admin {
        let tx = self.state.repos().platform().await.unwrap();
        tx.insert_admin(platform_admins::Model {
            id: uuid::Uuid::now_v7(),
            email: "root@platform.test".into(),
            password_hash: password::hash_blocking("admin password 1").unwrap(),
            created_at: chrono::Utc::now(),
            totp_secret: None,
            totp_pending: None,
            totp_enabled_at: None,
            totp_last_step: None,
            recovery_codes: None,
        })
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let res = self
            .post(
                "/api/v1/auth/login",
                &json!({"email": "root@platform.test", "password": "admin password 1"}),
            )
            .await;
        assert_eq!(res.status(), 200);
        let refresh_token = refresh_cookie(&res).expect("refresh cookie");
        let v: Value = res.json().await.unwrap();
        assert!(v.get("refresh_token").is_none(), "never in a body: {v}");
        Admin {
            access_token: v["access_token"].as_str().unwrap().to_owned(),
            refresh_token,
        }
    }

    /// Where the file transport writes mail.
    pub fn mail_dir(&self) -> std::path::PathBuf {
        self.state.settings().data_dir.join("mail")
    }

    /// The clock the server reads.
    pub fn clock(&self) -> &SettableClock {
        &self.clock
    }
}

/// The text of the newest e-mail to `to`: from the real SMTP server's API
/// (maildev, `RINGLEDGER_TEST_MAILDEV_API`) when the suite runs against one,
/// else from the `.eml` files of the data directory. Waits up to 10 s.
/// Every e-mail the shared SMTP server (maildev) holds, oldest first (none
/// without one).
async fn maildev_mails() -> Vec<Value> {
    let Ok(api) = std::env::var("RINGLEDGER_TEST_MAILDEV_API") else {
        return Vec::new();
    };
    reqwest::get(format!("{api}/email"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn wait_for_mail(app: &TestApp, to: &str) -> String {
    wait_for_mail_with(app, to, "").await
}

/// The text of the newest e-mail to `to` that contains `needle` (waits up
/// to 10 s for one to arrive).
pub async fn wait_for_mail_with(app: &TestApp, to: &str, needle: &str) -> String {
    for _ in 0..100 {
        if std::env::var("RINGLEDGER_TEST_MAILDEV_API").is_ok() {
            let mut mails = maildev_mails().await;
            mails.drain(..app.mail_from.min(mails.len()));
            // The SMTP server is shared by parallel tests: only mail from
            // this server (its port is in the links) counts.
            let own = format!(":{}/", app.port);
            let found = mails.iter().rev().find(|m| {
                m["to"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|a| a["address"].as_str() == Some(to)))
                    && m["text"]
                        .as_str()
                        .is_some_and(|t| t.contains(&own) && t.contains(needle))
            });
            if let Some(m) = found {
                return m["text"].as_str().unwrap_or_default().to_owned();
            }
        } else {
            let dir = app.mail_dir();
            let mut newest: Option<(std::time::SystemTime, String)> = None;
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let plain = text
                    .replace("=\r\n", "")
                    .replace("=\n", "")
                    .replace("=3D", "=");
                if text.contains(&format!("To: {to}")) && plain.contains(needle) {
                    let at = entry
                        .metadata()
                        .and_then(|m| m.modified())
                        .unwrap_or(std::time::UNIX_EPOCH);
                    if newest.as_ref().is_none_or(|(t, _)| at >= *t) {
                        newest = Some((at, text));
                    }
                }
            }
            if let Some((_, text)) = newest {
                return text
                    .replace("=\r\n", "")
                    .replace("=\n", "")
                    .replace("=3D", "=");
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no e-mail to {to} arrived");
}

/// How many e-mails to `to` from this server contain `needle` (after a
/// short wait for the sender).
pub async fn count_mail(app: &TestApp, to: &str, needle: &str) -> usize {
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    if std::env::var("RINGLEDGER_TEST_MAILDEV_API").is_ok() {
        let mails = maildev_mails().await;
        return mails
            .iter()
            .skip(app.mail_from)
            .filter(|m| {
                m["to"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|a| a["address"].as_str() == Some(to)))
                    && m["text"].as_str().is_some_and(|t| t.contains(needle))
                    && m["subject"].as_str().is_some()
            })
            .count();
    }
    std::fs::read_dir(app.mail_dir())
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            text.contains(&format!("To: {to}")) && text.contains(needle)
        })
        .count()
}

/// Reads an error response and checks the envelope's shape.
pub async fn error_of(res: Response) -> (u16, String, Option<String>) {
    let status = res.status().as_u16();
    let v: Value = res.json().await.expect("error body is JSON");
    let err = &v["error"];
    assert!(err.is_object(), "envelope: {v}");
    assert!(
        err["message"].as_str().is_some_and(|m| !m.is_empty()),
        "message: {v}"
    );
    assert!(err.get("field").is_some(), "field key always present: {v}");
    (
        status,
        err["code"].as_str().unwrap().to_owned(),
        err["field"].as_str().map(str::to_owned),
    )
}

/// The refresh token a response set as the `rl_refresh` cookie (the only
/// way a session's refresh token leaves the server).
pub fn refresh_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("rl_refresh="))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
        .filter(|t| !t.is_empty())
}

/// The text of a PDF: `pdftotext` (Debian's poppler-utils) when installed,
/// else the literal strings its uncompressed content streams show.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    if let Ok(out) = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        && out.status.success()
    {
        return String::from_utf8_lossy(&out.stdout).into_owned();
    }
    let mut text = String::new();
    let mut depth = 0usize;
    let mut escaped = false;
    for &b in pdf {
        if depth == 0 {
            depth = usize::from(b == b'(');
            continue;
        }
        match b {
            _ if escaped => {
                text.push(b as char);
                escaped = false;
            }
            b'\\' => escaped = true,
            b'(' => {
                depth += 1;
                text.push('(');
            }
            b')' => {
                depth -= 1;
                text.push(if depth == 0 { '\n' } else { ')' });
            }
            0x97 => text.push('—'),
            _ => text.push(b as char),
        }
    }
    text
}

/// Whether an e-mail to `to` from this server carries an attachment
/// named `name` (waits up to 10 s).
pub async fn mail_has_attachment(app: &TestApp, to: &str, name: &str) -> bool {
    for _ in 0..100 {
        if let Ok(api) = std::env::var("RINGLEDGER_TEST_MAILDEV_API") {
            let mails: Vec<Value> = reqwest::get(format!("{api}/email"))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let own = format!(":{}/", app.port);
            let found = mails.iter().any(|m| {
                m["to"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|a| a["address"].as_str() == Some(to)))
                    && m["text"].as_str().is_some_and(|t| t.contains(&own))
                    && m["attachments"]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|f| f["fileName"].as_str() == Some(name)))
            });
            if found {
                return true;
            }
        } else {
            let found = std::fs::read_dir(app.mail_dir())
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| {
                    let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                    text.contains(&format!("To: {to}")) && text.contains(name)
                });
            if found {
                return true;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

/// Verifies `email` on `host` with the token of its verification e-mail
/// (retried until the e-mail of this server has arrived).
pub async fn verify_email(app: &TestApp, host: &str, email: &str) {
    // The SMTP server is shared, and a finished test may have used this
    // port before: until this server's own mail arrives, the newest match
    // can be that test's, whose token this database rejects. Try again.
    for _ in 0..50 {
        let mail = wait_for_mail_with(app, email, "token=").await;
        let token = mail
            .split("token=")
            .nth(1)
            .expect("a verification link")
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned();
        let res = app
            .send(
                Method::POST,
                host,
                "/api/v1/my/verify-email",
                Some(&json!({"token": token})),
                None,
            )
            .await;
        if res.status().is_success() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("verification of {email}");
}

/// The invoice numbers of an invoice page, sorted.
pub fn sorted_numbers(page: &Value) -> Vec<String> {
    let mut numbers: Vec<String> = page["items"]
        .as_array()
        .expect("an invoice page")
        .iter()
        .map(|i| i["number"].as_str().unwrap_or_default().to_owned())
        .collect();
    numbers.sort();
    numbers
}

/// `{prefix}000001` … `{prefix}{n}`: numbers without gaps.
pub fn numbered(prefix: &str, n: usize) -> Vec<String> {
    (1..=n).map(|k| format!("{prefix}{k:06}")).collect()
}

/// The TOTP code of base32 `secret` `offset` 30-second steps from now.
pub fn totp_code(secret: &str, offset: i64) -> String {
    totp_code_at(secret, chrono::Utc::now().timestamp() + offset * 30)
}

/// The TOTP code of base32 `secret` at `unix` seconds.
pub fn totp_code_at(secret: &str, unix: i64) -> String {
    let bytes = base32::decode(base32::Alphabet::Rfc4648 { padding: false }, secret).unwrap();
    let totp = totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some("Ringledger".into()),
        "test".into(),
    )
    .unwrap();
    totp.generate(unix as u64)
}

/// Signs customer `email` in on `host` with the tests' customer password
/// (`long password`): its access token.
pub async fn customer_token(app: &TestApp, host: &str, email: &str) -> String {
    let login: Value = app
        .send(
            Method::POST,
            host,
            "/api/v1/my/login",
            Some(&json!({"email": email, "password": "long password"})),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    login["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{email} could not sign in: {login}"))
        .to_owned()
}
