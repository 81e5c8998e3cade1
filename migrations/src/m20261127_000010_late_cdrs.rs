//! Late call records: a CDR whose billing period a bill run has already
//! closed is marked `late` at ingest and goes on the account's next invoice
//! (`invoice_id` says which), so that nothing rated is left out.

use crate::util::add_column;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            "cdrs",
            ColumnDef::new(Alias::new("late"))
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
        )
        .await?;
        add_column(
            manager,
            "cdrs",
            ColumnDef::new(Alias::new("invoice_id"))
                .uuid()
                .null()
                .to_owned(),
        )
        .await?;
        // Few rows: the bill run finds an account's unbilled late records here.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_cdrs_late ON cdrs (tenant_id, account_id) \
                 WHERE late AND invoice_id IS NULL",
            )
            .await
            .map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_cdrs_late")
                    .table(Alias::new("cdrs"))
                    .to_owned(),
            )
            .await?;
        for col in ["late", "invoice_id"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("cdrs"))
                        .drop_column(Alias::new(col))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
