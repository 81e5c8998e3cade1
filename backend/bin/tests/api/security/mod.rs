//! The doors an attacker tries (issue 20): each test here failed before its
//! fix. See `docs/SECURITY.md` for the model.

use crate::helpers::{Operator, TestApp};
use reqwest::Method;
use serde_json::Value;

mod abuse;
mod data;
mod every_read;
mod sessions;
mod your_sessions;

/// `op`'s write generation on `app` (what its cached authorization
/// contexts carry; it moves at every write of its tenant or the platform).
pub(crate) fn stamp(app: &TestApp, op: &Operator) -> ringledger_db::repo::Stamp {
    let tenant = ringledger_shared::ids::TenantId(op.tenant_id.parse().unwrap());
    app.state.repos().stamp(tenant)
}

/// The status of a GET of `path` on `host` with `token`.
pub(crate) async fn get(app: &TestApp, host: &str, path: &str, token: &str) -> u16 {
    app.send(Method::GET, host, path, None, Some(token))
        .await
        .status()
        .as_u16()
}

/// Sends `body` to `path` on `host` as if from `client` behind the local
/// proxy (`X-Forwarded-For`).
pub(crate) async fn post_from(
    app: &TestApp,
    host: &str,
    path: &str,
    body: &Value,
    client: &str,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("Host", format!("{host}:{}", app.port))
        .header("X-Forwarded-For", format!("6.6.6.6, {client}"))
        .json(body)
        .send()
        .await
        .unwrap()
}
