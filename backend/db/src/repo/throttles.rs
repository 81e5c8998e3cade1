//! Sign-in back-off rows (`login_throttles`): failures of one login from
//! one client, and until when that client waits. Statements on their own
//! (no transaction, no write generation), like the rate-limit windows.

use super::Repos;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

/// Where a (login, client) pair stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Throttle {
    /// Failed sign-ins since the last success.
    pub failures: i64,
    /// Unix seconds before which the pair may not try again.
    pub blocked_until: i64,
}

impl Repos {
    /// Runs `sql` (written with `$n` placeholders) on either backend.
    async fn throttle_exec(&self, sql: &str, values: Vec<Value>) -> Result<(), DbErr> {
        let backend = self.db.get_database_backend();
        self.db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                placeholders(backend, sql),
                values,
            ))
            .await
            .map(|_| ())
    }

    /// The back-off of `key` (none: zero failures).
    pub async fn throttle(&self, key: &str) -> Result<Throttle, DbErr> {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                placeholders(
                    backend,
                    "SELECT failures, blocked_until FROM login_throttles WHERE key = $1",
                ),
                [key.into()],
            ))
            .await?;
        Ok(match row {
            Some(r) => Throttle {
                failures: i64::from(r.try_get::<i32>("", "failures")?),
                blocked_until: r.try_get::<i64>("", "blocked_until")?,
            },
            None => Throttle::default(),
        })
    }

    /// Counts a failure of `key` at `now`; `block` says, from the failures
    /// counted so far (this one included), how many seconds it waits.
    pub async fn throttle_failure(
        &self,
        key: &str,
        now: i64,
        block: impl Fn(i64) -> i64,
    ) -> Result<Throttle, DbErr> {
        self.throttle_exec(
            "INSERT INTO login_throttles (key, failures, blocked_until, updated_at) \
             VALUES ($1, 1, 0, $2) ON CONFLICT (key) DO UPDATE SET \
             failures = login_throttles.failures + 1, updated_at = excluded.updated_at",
            vec![key.into(), now.into()],
        )
        .await?;
        let mut t = self.throttle(key).await?;
        let wait = block(t.failures);
        if wait > 0 {
            t.blocked_until = now + wait;
            self.throttle_exec(
                "UPDATE login_throttles SET blocked_until = $1 WHERE key = $2",
                vec![t.blocked_until.into(), key.into()],
            )
            .await?;
        }
        Ok(t)
    }

    /// Forgets `key` (a successful sign-in).
    pub async fn throttle_clear(&self, key: &str) -> Result<(), DbErr> {
        self.throttle_exec(
            "DELETE FROM login_throttles WHERE key = $1",
            vec![key.into()],
        )
        .await
    }

    /// Forgets pairs not seen since `cutoff` (Unix seconds).
    pub async fn forget_throttles(&self, cutoff: i64) -> Result<(), DbErr> {
        self.throttle_exec(
            "DELETE FROM login_throttles WHERE updated_at < $1",
            vec![cutoff.into()],
        )
        .await
    }
}

/// `$n` placeholders for PostgreSQL, `?` for SQLite (so each `$n` must be
/// used once, in order).
fn placeholders(backend: DbBackend, sql: &str) -> String {
    match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => {
            let mut out = String::with_capacity(sql.len());
            let mut chars = sql.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
                    while chars.peek().is_some_and(char::is_ascii_digit) {
                        chars.next();
                    }
                    out.push('?');
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}
