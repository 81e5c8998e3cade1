//! Bulk inserts on PostgreSQL: one `INSERT … SELECT FROM UNNEST(arrays)`
//! statement per batch, each column travelling as a `text[]` and cast back
//! by the statement. Far fewer bind parameters than a multi-row `VALUES`
//! (one per column instead of one per cell), so PostgreSQL plans one small
//! statement however many rows it carries.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use uuid::Uuid;

/// One column: its name and SQL type; nullable columns send `''` for NULL
/// (so their non-null values must never be empty).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    pub name: &'static str,
    pub sql_type: &'static str,
    pub nullable: bool,
}

/// A column that is never NULL.
pub(crate) const fn col(name: &'static str, sql_type: &'static str) -> Col {
    Col {
        name,
        sql_type,
        nullable: false,
    }
}

/// A nullable column (`''` stands for NULL).
pub(crate) const fn null(name: &'static str, sql_type: &'static str) -> Col {
    Col {
        name,
        sql_type,
        nullable: true,
    }
}

/// Rows for one table, column by column. `tenant_id` is implicit: the
/// transaction's tenant is written into every row.
pub(crate) struct Unnest {
    table: &'static str,
    cols: &'static [Col],
    data: Vec<Vec<String>>,
}

impl Unnest {
    /// An empty batch for `table`.
    pub fn new(table: &'static str, cols: &'static [Col]) -> Self {
        Self {
            table,
            cols,
            data: vec![Vec::new(); cols.len()],
        }
    }

    /// Adds a row: one value per column, in order (`None` for NULL).
    pub fn row(&mut self, values: Vec<Option<String>>) {
        debug_assert_eq!(values.len(), self.cols.len());
        for (column, v) in self.data.iter_mut().zip(values) {
            column.push(v.unwrap_or_default());
        }
    }

    /// Inserts the rows in one statement.
    pub async fn exec(self, tx: &impl ConnectionTrait, tenant: Uuid) -> Result<(), DbErr> {
        if self.data.first().is_none_or(Vec::is_empty) {
            return Ok(());
        }
        let names: Vec<&str> = self.cols.iter().map(|c| c.name).collect();
        let casts: Vec<String> = self
            .cols
            .iter()
            .map(|c| {
                if c.nullable {
                    format!("NULLIF(u.{}, '')::{}", c.name, c.sql_type)
                } else {
                    format!("u.{}::{}", c.name, c.sql_type)
                }
            })
            .collect();
        let arrays: Vec<String> = (0..self.cols.len())
            .map(|i| format!("${}::text[]", i + 2))
            .collect();
        let sql = format!(
            "INSERT INTO {} (tenant_id, {}) SELECT $1::uuid, {} FROM UNNEST({}) AS u({})",
            self.table,
            names.join(", "),
            casts.join(", "),
            arrays.join(", "),
            names.join(", "),
        );
        let mut values: Vec<sea_orm::Value> = vec![tenant.into()];
        values.extend(self.data.into_iter().map(sea_orm::Value::from));
        tx.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            values,
        ))
        .await
        .map(|_| ())
    }
}

/// `Some(v.to_string())`.
pub(crate) fn s(v: impl ToString) -> Option<String> {
    Some(v.to_string())
}

/// An optional value as text.
pub(crate) fn opt(v: Option<impl ToString>) -> Option<String> {
    v.map(|v| v.to_string())
}

/// A timestamp as PostgreSQL reads it back exactly.
pub(crate) fn ts(v: chrono::DateTime<chrono::Utc>) -> Option<String> {
    Some(v.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
}
