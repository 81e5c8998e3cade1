//! The connection a [`TenantTx`](super::TenantTx) runs on: a sea-orm
//! transaction, or — for bulk writes on PostgreSQL — a sqlx transaction of
//! its own that the repos also reach directly, to move rows with
//! `COPY … FROM STDIN (FORMAT binary)` inside the same transaction as
//! every other statement (sea-orm does not expose the connection under its
//! transactions). Both run sea-orm statements alike; on the sqlx one they
//! are prepared once per connection (sqlx's statement cache).

use futures_util::StreamExt;
use futures_util::lock::{Mutex, MutexGuard};
use futures_util::stream::BoxStream;
use sea_orm::sea_query::Values;
use sea_orm::sqlx::{self, Postgres};
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr,
    Statement, StreamTrait,
};
use sea_query_sqlx::SqlxValues;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A sqlx transaction on PostgreSQL.
pub(crate) type PgTx = sqlx::Transaction<'static, Postgres>;

/// The transaction under a tenant (or platform) scope, and whether a
/// statement ran in it that moves the write generation at commit.
pub(crate) struct TxConn {
    conn: Conn,
    /// What it may write without moving the generation: nothing for a
    /// write or a read transaction, [`QUIET_TABLES`] for a quiet one.
    quiet: &'static [(&'static str, Quiet)],
    /// Set by the first statement that may write a table outside `quiet`
    /// ([`moves_generation`]), or by reaching the sqlx transaction (for
    /// `COPY`). A transaction that never did so does not move the write
    /// generation at commit.
    moved: AtomicBool,
}

/// What a quiet transaction may write of one table without moving the
/// write generation.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Quiet {
    /// Any row: a table that holds only bookkeeping.
    Rows,
    /// Only these columns, by an `UPDATE`: a table that holds more. Any
    /// other write of it (another column, an `INSERT`, a `DELETE`, a `SET`
    /// list that is not plain) moves the generation, as in a write
    /// transaction.
    Columns(&'static [&'static str]),
}

/// What no cache reads, which a quiet transaction (`Repos::tenant_quiet`,
/// `Repos::platform_claims`) writes without moving the write generation:
/// sessions and their second factor, the audit log, mail and webhook
/// outboxes, claims, reservation holds and fraud slots, and in `users` and
/// `platform_admins` the time of sign-in, the second factor's used step and
/// recovery codes, in `api_keys` its last use, in `payments` a due charge's
/// claim (leased by moving its next attempt). A quiet transaction that
/// writes anything else (or a statement whose table is not plain to see)
/// moves it as any write does, so a later change that writes what a cache
/// reads inside one cannot leave the cache stale. A table or column
/// belongs here only if no in-memory copy keyed by the write generation
/// reads it (the switch keys, the call contexts, the high-risk prefixes,
/// the on-net numbers, the bill run's "nothing due"). The columns are those
/// the quiet statements of the whole API suite set, on both databases.
pub(crate) const QUIET_TABLES: &[(&str, Quiet)] = &[
    ("admin_refresh_tokens", Quiet::Rows),
    (
        "api_keys",
        Quiet::Columns(&["last_used_at", "last_used_ip"]),
    ),
    ("audit_events", Quiet::Rows),
    ("audit_heads", Quiet::Rows),
    ("call_slots", Quiet::Rows),
    ("outbound_emails", Quiet::Rows),
    ("payments", Quiet::Columns(&["next_attempt_at"])),
    (
        "platform_admins",
        Quiet::Columns(&["recovery_codes", "totp_last_step"]),
    ),
    ("refresh_tokens", Quiet::Rows),
    ("reservation_holds", Quiet::Rows),
    (
        "users",
        Quiet::Columns(&["last_login_at", "recovery_codes", "totp_last_step"]),
    ),
    ("webhook_deliveries", Quiet::Rows),
];

/// The connection itself.
enum Conn {
    /// A sea-orm transaction (every backend).
    Orm(DatabaseTransaction),
    /// A sqlx transaction on PostgreSQL, reachable for `COPY`.
    Pg(Mutex<PgTx>),
}

impl TxConn {
    /// A sea-orm transaction.
    pub(crate) fn orm(tx: DatabaseTransaction) -> Self {
        Self::new(Conn::Orm(tx))
    }

    /// A sqlx transaction on PostgreSQL.
    pub(crate) fn sqlx(tx: PgTx) -> Self {
        Self::new(Conn::Pg(Mutex::new(tx)))
    }

    fn new(conn: Conn) -> Self {
        Self {
            conn,
            quiet: &[],
            moved: AtomicBool::new(false),
        }
    }

    /// The same transaction, quiet: writes of [`QUIET_TABLES`] do not move
    /// the write generation.
    pub(crate) fn quiet(mut self) -> Self {
        self.quiet = QUIET_TABLES;
        self
    }

    /// Whether a statement ran that moves the write generation at commit.
    pub(crate) fn moved(&self) -> bool {
        self.moved.load(Ordering::Relaxed)
    }

    /// Notes `sql` about to run.
    fn note(&self, sql: &str) {
        if !self.moved() && moves_generation(sql, self.quiet) {
            self.moved.store(true, Ordering::Relaxed);
        }
    }

    /// The sqlx transaction, when this is one (locked for the caller; no
    /// other statement of the transaction runs until the guard is dropped).
    /// Taken to write (`COPY`), so the transaction counts as written.
    pub(crate) async fn pg(&self) -> Option<MutexGuard<'_, PgTx>> {
        match &self.conn {
            Conn::Orm(_) => None,
            Conn::Pg(c) => {
                self.moved.store(true, Ordering::Relaxed);
                Some(c.lock().await)
            }
        }
    }

    /// Commits.
    pub(crate) async fn commit(self) -> Result<(), DbErr> {
        match self.conn {
            Conn::Orm(tx) => tx.commit().await,
            Conn::Pg(c) => c.into_inner().commit().await.map_err(exec_err),
        }
    }
}

/// Whether `sql` may change a row of a table other than those of `quiet`.
/// Every statement may, but those that only read (`SELECT`, locking ones
/// included) or set the session (`SET`, `SHOW`, `DISCARD`), and a plain
/// `INSERT INTO`, `UPDATE` or `DELETE FROM` of a table of `quiet` named
/// without a schema. Errs towards "may": a write taken for a read would
/// leave cached copies of its rows stale, a read taken for a write only
/// reloads them. So `WITH` (which may hold an `INSERT`), `EXPLAIN` (which
/// may `ANALYZE` one) and anything after a leading comment count as writes,
/// and each piece after a `;` is looked at as a statement of its own (one
/// inside a quoted text only adds a piece, which may only say "may").
pub(crate) fn moves_generation(sql: &str, quiet: &[(&str, Quiet)]) -> bool {
    sql.split(';').any(|statement| {
        let statement = statement.trim_start();
        let word = first_word(statement);
        !statement.is_empty()
            && !["SELECT", "SET", "SHOW", "DISCARD"]
                .iter()
                .any(|read| word.eq_ignore_ascii_case(read))
            && !written_table(statement)
                .is_some_and(|table| quietly_written(statement, table, quiet))
    })
}

/// Whether `statement`, which writes `table`, writes only what `quiet`
/// lets it: any row of a [`Quiet::Rows`] table, or an `UPDATE` of only the
/// listed columns of a [`Quiet::Columns`] one.
fn quietly_written(statement: &str, table: &str, quiet: &[(&str, Quiet)]) -> bool {
    match quiet.iter().find(|(t, _)| *t == table) {
        None => false,
        Some((_, Quiet::Rows)) => true,
        Some((_, Quiet::Columns(columns))) => {
            first_word(statement).eq_ignore_ascii_case("UPDATE")
                && assigned_columns(statement)
                    .is_some_and(|set| !set.is_empty() && set.iter().all(|c| columns.contains(c)))
        }
    }
}

/// The columns `UPDATE t SET a = …, "b" = … [WHERE|FROM|RETURNING …]`
/// assigns, or `None` when its `SET` list is not plain (a column list, a
/// quote or a bracket left open, a name with a schema or capitals). Commas
/// and keywords inside brackets and quotes are skipped.
fn assigned_columns(statement: &str) -> Option<Vec<&str>> {
    let rest = after_words(statement, 2)?;
    let set = first_word(rest);
    if !set.eq_ignore_ascii_case("SET") || !rest[set.len()..].starts_with(char::is_whitespace) {
        return None;
    }
    let list = &rest[set.len()..];
    let (mut depth, mut quote, mut start) = (0usize, None, 0usize);
    let mut end = list.len();
    let mut assignments = Vec::new();
    let bytes = list.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'(') => depth += 1,
            (None, b')') => depth = depth.checked_sub(1)?,
            (None, b',') if depth == 0 => {
                assignments.push(&list[start..i]);
                start = i + 1;
            }
            (None, _)
                if depth == 0
                    && i > 0
                    && bytes[i - 1].is_ascii_whitespace()
                    && ends_list(&list[i..]) =>
            {
                end = i;
                break;
            }
            _ => {}
        }
    }
    if quote.is_some() || depth != 0 {
        return None;
    }
    assignments.push(&list[start..end]);
    assignments
        .into_iter()
        .map(|a| {
            let (column, _) = a.split_once('=')?;
            let column = column.trim();
            let column = match column.strip_prefix('"') {
                Some(quoted) => quoted.strip_suffix('"')?,
                None => column,
            };
            plain_name(column).then_some(column)
        })
        .collect()
}

/// Whether `text` starts with a keyword that ends an `UPDATE`'s `SET` list.
fn ends_list(text: &str) -> bool {
    let word = first_word(text);
    ["WHERE", "FROM", "RETURNING"]
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k))
        && text[word.len()..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
}

/// `text` after its first `n` words (separated by ASCII white space).
fn after_words(text: &str, n: usize) -> Option<&str> {
    let mut rest = text.trim_start();
    for _ in 0..n {
        let end = rest.find(|c: char| c.is_ascii_whitespace())?;
        rest = rest[end..].trim_start();
    }
    Some(rest)
}

/// A lower-case name without quotes, schema or spaces.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The statement's leading letters.
fn first_word(statement: &str) -> &str {
    statement
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default()
}

/// The one table a plain `INSERT INTO t`, `UPDATE t` or `DELETE FROM t`
/// writes (quotes taken off), or `None` for any other statement or a name
/// that is not plain (a schema, `ONLY`, an alias list…).
fn written_table(statement: &str) -> Option<&str> {
    let mut words = statement.split_ascii_whitespace();
    let verb = words.next()?;
    let table = if verb.eq_ignore_ascii_case("UPDATE") {
        words.next()?
    } else {
        let into = if verb.eq_ignore_ascii_case("INSERT") {
            "INTO"
        } else if verb.eq_ignore_ascii_case("DELETE") {
            "FROM"
        } else {
            return None;
        };
        if !words.next()?.eq_ignore_ascii_case(into) {
            return None;
        }
        words.next()?
    };
    // `INSERT INTO t(a, b)` names its columns without a space.
    let table = table.split('(').next()?;
    let table = match table.strip_prefix('"') {
        Some(quoted) => quoted.strip_suffix('"')?,
        None => table,
    };
    plain_name(table).then_some(table)
}

/// A sqlx error as sea-orm reports one from a statement (so a unique-key
/// violation is recognised the same way on both kinds of transaction).
pub(crate) fn exec_err(e: sqlx::Error) -> DbErr {
    DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)))
}

fn query_err(e: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))
}

fn sqlx_query(stmt: &Statement) -> sqlx::query::Query<'_, Postgres, SqlxValues> {
    let values = stmt.values.clone().unwrap_or(Values(Vec::new()));
    sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql.as_str()), SqlxValues(values))
}

#[async_trait::async_trait]
impl ConnectionTrait for TxConn {
    fn get_database_backend(&self) -> DbBackend {
        match &self.conn {
            Conn::Orm(tx) => ConnectionTrait::get_database_backend(tx),
            Conn::Pg(_) => DbBackend::Postgres,
        }
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.note(&stmt.sql);
        match &self.conn {
            Conn::Orm(tx) => tx.execute_raw(stmt).await,
            Conn::Pg(c) => {
                let mut c = c.lock().await;
                let done = sqlx_query(&stmt).execute(&mut **c).await;
                done.map(Into::into).map_err(exec_err)
            }
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.note(sql);
        match &self.conn {
            Conn::Orm(tx) => tx.execute_unprepared(sql).await,
            Conn::Pg(c) => {
                let mut c = c.lock().await;
                let done = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                    .execute(&mut **c)
                    .await;
                done.map(Into::into).map_err(exec_err)
            }
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.note(&stmt.sql);
        match &self.conn {
            Conn::Orm(tx) => tx.query_one_raw(stmt).await,
            Conn::Pg(c) => {
                let mut c = c.lock().await;
                let row = sqlx_query(&stmt).fetch_optional(&mut **c).await;
                row.map(|r| r.map(Into::into)).map_err(query_err)
            }
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.note(&stmt.sql);
        match &self.conn {
            Conn::Orm(tx) => tx.query_all_raw(stmt).await,
            Conn::Pg(c) => {
                let mut c = c.lock().await;
                let rows = sqlx_query(&stmt).fetch_all(&mut **c).await;
                rows.map(|r| r.into_iter().map(Into::into).collect())
                    .map_err(query_err)
            }
        }
    }
}

impl StreamTrait for TxConn {
    type Stream<'a> = BoxStream<'a, Result<QueryResult, DbErr>>;

    fn get_database_backend(&self) -> DbBackend {
        ConnectionTrait::get_database_backend(self)
    }

    /// Streams on a sea-orm transaction; on a sqlx one the rows are read
    /// whole, then handed out one by one.
    fn stream_raw<'a>(
        &'a self,
        stmt: Statement,
    ) -> Pin<Box<dyn Future<Output = Result<Self::Stream<'a>, DbErr>> + 'a + Send>> {
        Box::pin(async move {
            match &self.conn {
                Conn::Orm(tx) => {
                    self.note(&stmt.sql);
                    Ok(tx.stream_raw(stmt).await?.boxed())
                }
                Conn::Pg(_) => {
                    let rows = self.query_all_raw(stmt).await?;
                    Ok(futures_util::stream::iter(rows.into_iter().map(Ok)).boxed())
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{QUIET_TABLES, moves_generation};

    /// Whether `sql` may write at all (outside any quiet transaction).
    fn may_write(sql: &str) -> bool {
        moves_generation(sql, &[])
    }

    #[test]
    fn a_quiet_transaction_writes_only_its_own_tables_quietly() {
        for quiet in [
            r#"UPDATE "users" SET "last_login_at" = $1 WHERE "users"."id" = $2"#,
            r#"INSERT INTO "refresh_tokens" ("id", "tenant_id") VALUES ($1, $2)"#,
            "INSERT INTO reservation_holds(tenant_id, account_id) VALUES ($1, $2) \
             ON CONFLICT (tenant_id, account_id, instance) DO UPDATE SET amount = $3",
            "delete from call_slots where tenant_id = $1",
            "SET LOCAL app.tenant_id = 'x'; UPDATE audit_heads SET seq = 2",
            "SELECT 1",
        ] {
            assert!(!moves_generation(quiet, QUIET_TABLES), "{quiet}");
        }
        for loud in [
            r#"UPDATE "accounts" SET "balance" = $1"#,
            "INSERT INTO customers (id) VALUES ($1)",
            "UPDATE public.users SET email = $1",
            "UPDATE ONLY users SET email = $1",
            r#"UPDATE "Users" SET email = $1"#,
            "DELETE users",
            "WITH t AS (DELETE FROM accounts RETURNING id) INSERT INTO refresh_tokens SELECT id FROM t",
            "UPDATE users SET email = $1; UPDATE sellers SET name = $2",
            "COPY refresh_tokens FROM STDIN",
            "TRUNCATE refresh_tokens",
        ] {
            assert!(moves_generation(loud, QUIET_TABLES), "{loud}");
        }
        // Outside a quiet transaction, every write moves it.
        assert!(moves_generation(r#"UPDATE "users" SET "x" = 1"#, &[]));
    }

    #[test]
    fn a_table_holding_more_than_bookkeeping_is_written_quietly_only_in_its_bookkeeping_columns() {
        for quiet in [
            r#"UPDATE "users" SET "last_login_at" = $1 WHERE "users"."id" = $2"#,
            r#"UPDATE "api_keys" SET "last_used_at" = $1, "last_used_ip" = $2 WHERE "id" = $3"#,
            "update users set totp_last_step = $1 where id = $2 returning id, email",
            r#"UPDATE "platform_admins" SET "recovery_codes" = '{"a,b": 1}' WHERE "id" = $1"#,
            r#"UPDATE "payments" SET "next_attempt_at" = COALESCE($1, now()) FROM x, y WHERE z"#,
        ] {
            assert!(!moves_generation(quiet, QUIET_TABLES), "{quiet}");
        }
        for loud in [
            r#"UPDATE "users" SET "role" = $1 WHERE "id" = $2"#,
            r#"UPDATE "users" SET "last_login_at" = $1, "email" = $2"#,
            "UPDATE users SET last_login_at = $1 ,email = $2",
            "UPDATE users SET last_login_at = $1 WHEREVER, email = $2",
            r#"UPDATE "api_keys" SET "revoked_at" = $1"#,
            r#"UPDATE "payments" SET "status" = $1"#,
            r#"INSERT INTO "users" ("id") VALUES ($1)"#,
            r#"DELETE FROM "api_keys" WHERE "id" = $1"#,
            "UPDATE users SET (last_login_at, email) = ($1, $2)",
            "UPDATE users SET last_login_at = 'x, email = 1",
            "UPDATE users SET last_login_at = f($1, email = 2",
            r#"UPDATE users SET "Last_login_at" = $1"#,
            "UPDATE users SET users.email = $1",
            r#"UPDATE users SET"last_login_at" = $1"#,
            "UPDATE users",
        ] {
            assert!(moves_generation(loud, QUIET_TABLES), "{loud}");
        }
    }

    #[test]
    fn only_what_surely_reads_is_taken_for_a_read() {
        for read in [
            "SELECT 1",
            "  select * FROM accounts WHERE id = $1 FOR UPDATE",
            "SELECT\n count(*) FROM cdrs",
            "SET LOCAL ROLE ringledger_app; SET LOCAL app.tenant_id = 'x'",
            "DISCARD PLANS",
            "SHOW search_path",
            "SELECT 1; ",
            "",
        ] {
            assert!(!may_write(read), "{read}");
        }
        for write in [
            "INSERT INTO cdrs VALUES (1)",
            "update accounts SET balance = 0",
            "DELETE FROM holds",
            "WITH j AS (INSERT INTO journals VALUES (1) RETURNING id) SELECT id FROM j",
            "EXPLAIN ANALYZE UPDATE accounts SET balance = 0",
            "-- a comment\nSELECT 1",
            "/* SELECT */ UPDATE accounts SET balance = 0",
            "COPY cdr_stage FROM STDIN",
            "SELECTED",
            "SET LOCAL ROLE ringledger_app; UPDATE accounts SET balance = 0",
            "SELECT 'a;b'; DELETE FROM holds",
        ] {
            assert!(may_write(write), "{write}");
        }
    }
}
