//! Why a record was rejected, for people (`no deck version in force on
//! 2026-11-28`): `cdrs.reason_detail` beside the code.

use crate::util::add_column;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "cdrs", string_len_null("reason_detail", 200)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("cdrs"))
                    .drop_column(Alias::new("reason_detail"))
                    .to_owned(),
            )
            .await
    }
}
