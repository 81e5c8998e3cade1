//! Itemized invoices (issue 24): a seller may list every call on each of
//! its invoices (`sellers.itemized_invoices`), and a customer may ask for it
//! on its own (`accounts.itemized_invoices`).

use crate::util::add_column;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 2] = ["sellers", "accounts"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in COLUMNS {
            let flag = ColumnDef::new(Alias::new("itemized_invoices"))
                .boolean()
                .not_null()
                .default(false)
                .to_owned();
            add_column(manager, table, flag).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .drop_column(Alias::new("itemized_invoices"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
