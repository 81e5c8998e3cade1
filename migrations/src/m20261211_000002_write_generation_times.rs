//! When each `write_generations` row was last published (milliseconds since
//! the Unix epoch), so rows of processes long gone (a pod's name changes at
//! every rollout) are deleted instead of being read twice a second for ever.

use crate::util::add_column;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            "write_generations",
            ColumnDef::new(Alias::new("updated_ms"))
                .big_integer()
                .not_null()
                .default(0)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("write_generations"))
                    .drop_column(Alias::new("updated_ms"))
                    .to_owned(),
            )
            .await
    }
}
