//! Languages: which a seller's portal offers (`sellers.languages`, tags in
//! order, the first the default) and which a customer reads its e-mails and
//! invoices in (`customers.locale`; none: the seller's default).

use crate::util::add_column;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let offered = ColumnDef::new(Alias::new("languages"))
            .string_len(32)
            .not_null()
            .default("en,es,fr")
            .to_owned();
        add_column(manager, "sellers", offered).await?;
        let chosen = ColumnDef::new(Alias::new("locale"))
            .string_len(8)
            .null()
            .to_owned();
        add_column(manager, "customers", chosen).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [("customers", "locale"), ("sellers", "languages")] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .drop_column(Alias::new(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
