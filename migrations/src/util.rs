//! Column and key helpers shared by the migrations.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// An exact decimal column: `numeric(20,6)` on PostgreSQL, `text` on SQLite
/// (whose numeric affinity would turn decimals into floats).
pub fn money(manager: &SchemaManager, name: &'static str) -> ColumnDef {
    let mut col = ColumnDef::new(Alias::new(name));
    if manager.get_database_backend() == DbBackend::Postgres {
        col.decimal_len(20, 6);
    } else {
        col.text();
    }
    col.not_null().to_owned()
}

/// [`money`], nullable.
pub fn money_null(manager: &SchemaManager, name: &'static str) -> ColumnDef {
    let mut col = money(manager, name);
    col.null();
    col
}

/// Adds one column (SQLite alters one column per statement).
pub async fn add_column(
    m: &SchemaManager<'_>,
    table: &'static str,
    col: ColumnDef,
) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(Alias::new(table))
            .add_column(col)
            .to_owned(),
    )
    .await
}

pub fn tenant_fk(table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Alias::new(table), Alias::new("tenant_id"))
        .to(Alias::new("tenants"), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

pub fn parent_fk(
    table: &'static str,
    col: &'static str,
    parent: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(
            Alias::new(table),
            (Alias::new("tenant_id"), Alias::new(col)),
        )
        .to(
            Alias::new(parent),
            (Alias::new("tenant_id"), Alias::new("id")),
        )
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

pub fn index(
    name: &'static str,
    table: &'static str,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(Alias::new(table));
    for c in cols {
        idx.col(Alias::new(*c));
    }
    idx.to_owned()
}

pub fn unique(
    name: &'static str,
    table: &'static str,
    cols: &[&'static str],
) -> IndexCreateStatement {
    index(name, table, cols).unique().to_owned()
}

pub fn tid_id_pk() -> IndexCreateStatement {
    Index::create()
        .col(Alias::new("tenant_id"))
        .col(Alias::new("id"))
        .to_owned()
}
