//! `DbDecimal`: an exact decimal column — `numeric` on PostgreSQL, `text` on
//! SQLite. sea-orm reads SQLite decimals through `f64`; this type never does.

use rust_decimal::Decimal;
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, Value, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, QueryResult, TryGetError, TryGetable};
use std::str::FromStr;

/// A `Decimal` stored exactly on every backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct DbDecimal(pub Decimal);

impl From<DbDecimal> for Value {
    fn from(d: DbDecimal) -> Self {
        // Bound as NUMERIC on PostgreSQL and as TEXT on SQLite.
        Value::Decimal(Some(d.0))
    }
}

impl From<Decimal> for DbDecimal {
    fn from(d: Decimal) -> Self {
        Self(d)
    }
}

impl TryGetable for DbDecimal {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        // SQLite: the column is TEXT. PostgreSQL: reading NUMERIC as text
        // fails with a type error, and the native decimal path is exact.
        match String::try_get_by(res, index) {
            Ok(s) => Decimal::from_str(&s).map(DbDecimal).map_err(|e| {
                TryGetError::DbErr(sea_orm::DbErr::Type(format!("bad decimal `{s}`: {e}")))
            }),
            Err(TryGetError::Null(col)) => Err(TryGetError::Null(col)),
            Err(_) => Decimal::try_get_by(res, index).map(DbDecimal),
        }
    }
}

impl ValueType for DbDecimal {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::Decimal(Some(d)) => Ok(DbDecimal(d)),
            Value::String(Some(s)) => Decimal::from_str(&s)
                .map(DbDecimal)
                .map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        "DbDecimal".into()
    }

    fn array_type() -> ArrayType {
        ArrayType::Decimal
    }

    fn column_type() -> ColumnType {
        ColumnType::Decimal(Some((20, 6)))
    }
}

impl Nullable for DbDecimal {
    fn null() -> Value {
        Value::Decimal(None)
    }
}
