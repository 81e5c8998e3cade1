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

/// A sqlx transaction on PostgreSQL.
pub(crate) type PgTx = sqlx::Transaction<'static, Postgres>;

/// The transaction under a tenant scope.
pub(crate) enum TxConn {
    /// A sea-orm transaction (every backend).
    Orm(DatabaseTransaction),
    /// A sqlx transaction on PostgreSQL, reachable for `COPY`.
    Pg(Mutex<PgTx>),
}

impl TxConn {
    /// The sqlx transaction, when this is one (locked for the caller; no
    /// other statement of the transaction runs until the guard is dropped).
    pub(crate) async fn pg(&self) -> Option<MutexGuard<'_, PgTx>> {
        match self {
            Self::Orm(_) => None,
            Self::Pg(c) => Some(c.lock().await),
        }
    }

    /// Commits.
    pub(crate) async fn commit(self) -> Result<(), DbErr> {
        match self {
            Self::Orm(tx) => tx.commit().await,
            Self::Pg(c) => c.into_inner().commit().await.map_err(exec_err),
        }
    }
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
        match self {
            Self::Orm(tx) => ConnectionTrait::get_database_backend(tx),
            Self::Pg(_) => DbBackend::Postgres,
        }
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match self {
            Self::Orm(tx) => tx.execute_raw(stmt).await,
            Self::Pg(c) => {
                let mut c = c.lock().await;
                let done = sqlx_query(&stmt).execute(&mut **c).await;
                done.map(Into::into).map_err(exec_err)
            }
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match self {
            Self::Orm(tx) => tx.execute_unprepared(sql).await,
            Self::Pg(c) => {
                let mut c = c.lock().await;
                let done = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                    .execute(&mut **c)
                    .await;
                done.map(Into::into).map_err(exec_err)
            }
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self {
            Self::Orm(tx) => tx.query_one_raw(stmt).await,
            Self::Pg(c) => {
                let mut c = c.lock().await;
                let row = sqlx_query(&stmt).fetch_optional(&mut **c).await;
                row.map(|r| r.map(Into::into)).map_err(query_err)
            }
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self {
            Self::Orm(tx) => tx.query_all_raw(stmt).await,
            Self::Pg(c) => {
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
            match self {
                Self::Orm(tx) => Ok(tx.stream_raw(stmt).await?.boxed()),
                Self::Pg(_) => {
                    let rows = self.query_all_raw(stmt).await?;
                    Ok(futures_util::stream::iter(rows.into_iter().map(Ok)).boxed())
                }
            }
        })
    }
}
