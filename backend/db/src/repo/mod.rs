//! The data-access layer: the only code that touches the database.
//!
//! Handlers get a [`Repos`] from the application state and open either a
//! [`PlatformTx`] (platform tables: tenants, hosts, admins) or a
//! [`TenantTx`] bound to one tenant, whose every query filters on that
//! tenant. The raw connection never leaves this module.
//!
//! On PostgreSQL a `TenantTx` also switches to the non-owner role
//! `ringledger_app` and sets `app.tenant_id`, so row-level security
//! enforces the same scope a second time.

/// Per-table query shapes shared by the aggregates' files.
macro_rules! by_id {
    ($name:ident, $entity:ident) => {
        by_id!($name, $entity, Uuid);
    };
    ($name:ident, $entity:ident, $id:ty) => {
        #[doc = concat!("A `", stringify!($entity), "` row by id.")]
        pub async fn $name(&self, id: $id) -> Result<Option<$entity::Model>, DbErr> {
            $entity::Entity::find_by_id((self.tid(), id))
                .one(&self.tx)
                .await
        }
    };
}

macro_rules! of_accounts {
    ($name:ident, $entity:ident, $order:ident) => {
        #[doc = concat!("The `", stringify!($entity), "` rows of some accounts, by `", stringify!($order), "`.")]
        pub async fn $name(&self, account_ids: &[ringledger_shared::ids::AccountId]) -> Result<Vec<$entity::Model>, DbErr> {
            if account_ids.is_empty() {
                return Ok(Vec::new());
            }
            $entity::Entity::find()
                .filter($entity::Column::TenantId.eq(self.tid()))
                .filter(super::one_of(self.db_backend(), $entity::Column::AccountId, account_ids))
                .order_by_asc($entity::Column::$order)
                .all(&self.tx)
                .await
        }
    };
}

macro_rules! insert {
    ($name:ident, $entity:ident) => {
        #[doc = concat!("Inserts a `", stringify!($entity), "` row (its `tenant_id` is forced).")]
        pub async fn $name(&self, mut m: $entity::Model) -> Result<$entity::Model, DbErr> {
            m.tenant_id = self.tid();
            $entity::ActiveModel::from(m).insert(&self.tx).await
        }
    };
}

mod aggregates;
mod audit;
mod billing;
mod bulk;
mod calls;
mod catalog;
mod conn;
mod console_finder;
mod copy;
mod customers;
mod fraud;
mod generations;
mod holds;
pub use holds::{HoldRow, HoldsOf};
mod ledger;
mod numbers;
mod onboarding;
mod payments;
mod platform;
mod resets;
mod sellers;
mod team;
mod tenant;
mod throttles;
mod usage;
mod usage_totals;
mod webhook_claims;
mod webhooks;
mod write_feed;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod write_turns;

pub use aggregates::{
    Audit, Billing, Catalog, Customers, Fraud, Holds, Ledger, Numbers, Payments, Sellers, Team,
    Usage,
};
pub use audit::{AuditFilter, GENESIS, NewEvent, chain_hash};
pub use billing::InvoiceFilter;
pub use calls::CallQuery;
pub use generations::{Generations, Stamp};
pub use ledger::{NewJournal, RatedRecord};
pub use numbers::{NumberMove, NumberQuery};
pub use payments::PaymentFilter;
pub use platform::{DbGauges, MAX_ATTEMPTS, PlatformTx, backoff};
pub use tenant::{Committed, TenantTx};
pub use throttles::Throttle;
pub use usage_totals::{ChargeTotal, UsageScope, UsageTotal};
pub use webhook_claims::WebhookAttempt;
pub use write_feed::CLI_PROCESS;

use conn::TxConn;
use migration::rls::APP_ROLE;
use ringledger_shared::ids::TenantId;
use sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    RuntimeErr, SqlErr, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

/// Entry point to the database.
#[derive(Clone)]
pub struct Repos {
    db: DatabaseConnection,
    gens: std::sync::Arc<Generations>,
    /// SQLite's writers of this process, one at a time (see [`Repos::begin`]).
    writers: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// A turn at writing a SQLite database ([`Repos::begin`]), held by the
/// transaction that took it until it ends (`None` on PostgreSQL).
pub(crate) type WriteTurn = Option<tokio::sync::OwnedMutexGuard<()>>;

/// How long a writer waits for its turn before giving up, as SQLite's own
/// busy timeout would.
const WRITE_TURN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl Repos {
    /// Connects to `url` (SQLite files are created; WAL and foreign keys on).
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
        let mut opts = sea_orm::ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(std::time::Duration::from_secs(10))
            });
        let db = Database::connect(opts).await?;
        Ok(Self {
            db,
            gens: Default::default(),
            writers: Default::default(),
        })
    }

    /// Begins a write transaction. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`), so concurrent writers wait instead of
    /// failing when a read lock cannot be upgraded; and first its turn
    /// among this process's writers (a fair queue, held until the
    /// transaction ends). Without the queue, writers waiting for each other
    /// sleep in SQLite's busy handler, 1 ms then longer up to 100 ms, not
    /// woken when the lock frees: under a steady stream of small writes
    /// (reservation holds) that made the slowest authorizations wait tens
    /// of milliseconds. Another process's writers still meet the busy
    /// handler.
    async fn begin(&self) -> Result<(DatabaseTransaction, WriteTurn), DbErr> {
        if self.db.get_database_backend() != DbBackend::Sqlite {
            return Ok((self.db.begin().await?, None));
        }
        let turn = tokio::time::timeout(WRITE_TURN_TIMEOUT, self.writers.clone().lock_owned())
            .await
            .map_err(|_| {
                DbErr::Custom("database is locked: no turn to write within 10 s".into())
            })?;
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok((self.db.begin_with_options(options).await?, Some(turn)))
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        <migration::Migrator as migration::MigratorTrait>::up(&self.db, None).await
    }

    /// Writes a consistent, compacted copy of a SQLite database to `file`
    /// (`VACUUM INTO`), while others keep reading and writing.
    pub async fn sqlite_snapshot(&self, file: &std::path::Path) -> Result<(), DbErr> {
        let path = file
            .to_str()
            .ok_or_else(|| DbErr::Custom("the backup path is not UTF-8".into()))?;
        self.db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "VACUUM INTO ?",
                [path.into()],
            ))
            .await
            .map(|_| ())
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        self.db.ping().await.is_ok()
    }

    /// The backend in use.
    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    /// Counts a hit of a rate-limit bucket in a window, returning the hits
    /// so far: one statement on its own (no write generation moves).
    pub async fn rate_hit(&self, bucket: &str, window_start: i64) -> Result<i64, DbErr> {
        self.rate_query(
            "INSERT INTO rate_limit_hits (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1 \
             RETURNING hits",
            bucket,
            window_start,
        )
        .await
    }

    /// The hits of a rate-limit bucket in a window (0 when none).
    pub async fn rate_hits(&self, bucket: &str, window_start: i64) -> Result<i64, DbErr> {
        self.rate_query(
            "SELECT hits FROM rate_limit_hits WHERE bucket = $1 AND window_start = $2",
            bucket,
            window_start,
        )
        .await
    }

    /// Runs a `rate_limit_hits` statement with `$1` the bucket and `$2` the
    /// window (`?` on SQLite) that returns `hits`; 0 when no row.
    async fn rate_query(&self, sql: &str, bucket: &str, window_start: i64) -> Result<i64, DbErr> {
        let backend = self.db.get_database_backend();
        let sql = match backend {
            DbBackend::Postgres => sql.to_owned(),
            _ => sql.replace("$1", "?").replace("$2", "?"),
        };
        let row = self
            .db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [bucket.into(), window_start.into()],
            ))
            .await?;
        match row {
            Some(r) => Ok(i64::from(r.try_get::<i32>("", "hits")?)),
            None => Ok(0),
        }
    }

    /// Deletes rate-limit windows that started before `cutoff`.
    pub async fn forget_rate_windows(&self, cutoff: i64) -> Result<(), DbErr> {
        let backend = self.db.get_database_backend();
        let sql = match backend {
            DbBackend::Postgres => "DELETE FROM rate_limit_hits WHERE window_start < $1",
            _ => "DELETE FROM rate_limit_hits WHERE window_start < ?",
        };
        self.db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [cutoff.into()],
            ))
            .await
            .map(|_| ())
    }

    /// The write generation of `tenant` (see [`Generations`]).
    pub fn stamp(&self, tenant: TenantId) -> Stamp {
        self.gens.stamp(tenant)
    }

    /// The generation of `tenant`'s held numbers and on-net rate (see
    /// [`Generations::numbers_stamp`]).
    pub fn numbers_stamp(&self, tenant: TenantId) -> u64 {
        self.gens.numbers_stamp(tenant)
    }

    /// Opens a transaction on platform tables.
    pub async fn platform(&self) -> Result<PlatformTx, DbErr> {
        let (tx, turn) = self.begin().await?;
        Ok(PlatformTx::new(TxConn::orm(tx), self.gens.clone(), turn))
    }

    /// Opens a write transaction on platform tables for bookkeeping that no
    /// cache depends on (the jobs claiming e-mails and charges, admins'
    /// sessions): what it writes of the bookkeeping tables
    /// (`conn::QUIET_TABLES`) does not move the write generation, so it does
    /// not make every authorization cache reload; anything else it writes
    /// moves it as in [`Repos::platform`].
    pub async fn platform_claims(&self) -> Result<PlatformTx, DbErr> {
        let (tx, turn) = self.begin().await?;
        let tx = TxConn::orm(tx).quiet();
        Ok(PlatformTx::new(tx, self.gens.clone(), turn))
    }

    /// Opens a transaction on platform tables for reading only (see
    /// [`Repos::tenant_read`]).
    pub async fn platform_read(&self) -> Result<PlatformTx, DbErr> {
        let tx = TxConn::orm(self.db.begin().await?);
        Ok(PlatformTx::new(tx, self.gens.clone(), None))
    }

    /// Opens a read-only-in-spirit transaction scoped to `tenant`: on SQLite
    /// it is `BEGIN DEFERRED`, so readers run side by side in WAL mode instead
    /// of queueing for the write lock. Use it where nothing is written (a
    /// write in it, a mistake, still moves the write generation at commit).
    pub async fn tenant_read(&self, tenant: TenantId) -> Result<TenantTx, DbErr> {
        let tx = TxConn::orm(self.db.begin().await?);
        TenantTx::scope(tx, tenant, self.gens.clone(), None).await
    }

    /// Opens a write transaction scoped to `tenant` for bookkeeping no
    /// cache depends on (reservation holds, sessions, the audit log of
    /// sign-ins): what it writes of the bookkeeping tables
    /// (`conn::QUIET_TABLES`) does not move the write generation, so it does
    /// not make every authorization reload; anything else it writes moves it
    /// as in [`Repos::tenant`].
    pub async fn tenant_quiet(&self, tenant: TenantId) -> Result<TenantTx, DbErr> {
        let (tx, turn) = self.begin().await?;
        let tx = TxConn::orm(tx).quiet();
        TenantTx::scope(tx, tenant, self.gens.clone(), turn).await
    }

    /// Opens a transaction scoped to `tenant`.
    pub async fn tenant(&self, tenant: TenantId) -> Result<TenantTx, DbErr> {
        let (tx, turn) = self.begin().await?;
        TenantTx::scope(TxConn::orm(tx), tenant, self.gens.clone(), turn).await
    }

    /// Opens a transaction scoped to `tenant` for bulk writes: on
    /// PostgreSQL it runs on a sqlx connection of its own, so the repos can
    /// move rows with `COPY … FROM STDIN (FORMAT binary)` inside it (and
    /// every other statement is prepared once per connection); elsewhere it
    /// is [`Repos::tenant`].
    pub async fn tenant_bulk(&self, tenant: TenantId) -> Result<TenantTx, DbErr> {
        if self.db.get_database_backend() != DbBackend::Postgres {
            return self.tenant(tenant).await;
        }
        let tx = self
            .db
            .get_postgres_connection_pool()
            .begin()
            .await
            .map_err(conn::exec_err)?;
        TenantTx::scope(TxConn::sqlx(tx), tenant, self.gens.clone(), None).await
    }
}

/// Makes the open transaction obey row-level security for `tenant`
/// (PostgreSQL only; a no-op on SQLite).
async fn enter_tenant_scope(tx: &impl ConnectionTrait, tenant: TenantId) -> Result<(), DbErr> {
    if tx.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    // `SET LOCAL`, not `set_config()`: Citus propagates SET commands to the
    // worker nodes (`citus.propagate_set_commands = 'local'`), not function
    // calls. A `Uuid` prints as hex digits and hyphens only, so it is safe
    // to inline (SET takes no bind parameters). One round trip for both.
    tx.execute_unprepared(&format!(
        "SET LOCAL ROLE {APP_ROLE}; SET LOCAL app.tenant_id = '{}'",
        tenant.as_uuid()
    ))
    .await?;
    Ok(())
}

/// A `LIKE` pattern matching `text` anywhere, with `%`, `_` and `\\`
/// escaped (SQLite has no default escape character, so it is named).
pub(crate) fn contains_pattern(text: &str) -> sea_orm::sea_query::LikeExpr {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// `column IN (values)`. On PostgreSQL `column = ANY($1)`: one array
/// parameter however many values (a thousand-parameter `IN` list costs tens
/// of milliseconds to bind and plan; the array, well under one).
pub(crate) fn one_of<C, V>(backend: DbBackend, column: C, values: &[V]) -> sea_orm::sea_query::Expr
where
    C: sea_orm::ColumnTrait,
    V: Into<sea_orm::Value> + sea_orm::sea_query::postgres_array::NotU8 + Clone,
{
    if backend == DbBackend::Postgres && !values.is_empty() {
        column.eq_any(values.iter().cloned())
    } else {
        column.is_in(values.iter().cloned())
    }
}

/// Whether `err` is a unique-key violation (a concurrent duplicate).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Whether PostgreSQL aborted the transaction to break a deadlock
/// (`40P01`): two transactions waited for each other's rows, and this one
/// was chosen to give way. Starting it over is safe.
pub fn is_deadlock(err: &DbErr) -> bool {
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = err
    else {
        return false;
    };
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|code| code == "40P01")
}
