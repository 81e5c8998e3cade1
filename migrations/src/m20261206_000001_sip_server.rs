//! The SIP server a seller's customers point their phones at
//! (`host:port`), shown beside each IP phone's credentials.

use crate::util::add_column;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let column = ColumnDef::new(Alias::new("sip_server"))
            .string_len(260)
            .null()
            .to_owned();
        add_column(manager, "sellers", column).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("sellers"))
                    .drop_column(Alias::new("sip_server"))
                    .to_owned(),
            )
            .await
    }
}
