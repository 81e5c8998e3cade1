//! A customer's call history (issue 24): how many trailing digits of the
//! numbers called a seller hides from its customers
//! (`sellers.mask_called_digits`, 0–6; 0 shows them whole).

use crate::util::add_column;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let digits = ColumnDef::new(Alias::new("mask_called_digits"))
            .integer()
            .not_null()
            .default(0)
            .to_owned();
        add_column(manager, "sellers", digits).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("sellers"))
                    .drop_column(Alias::new("mask_called_digits"))
                    .to_owned(),
            )
            .await
    }
}
