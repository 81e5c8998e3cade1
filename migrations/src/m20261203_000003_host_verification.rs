//! A custom domain serves its portal only once its owner proved control of
//! it: `hosts.challenge` is the token we issue (published as a DNS TXT
//! record at `_ringledger.<domain>`), `hosts.verified_at` when the record
//! was found. Domains mapped before the rule count as verified.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Alias::new("challenge"))
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(Alias::new("verified_at"))
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("hosts"))
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared("UPDATE hosts SET verified_at = created_at")
            .await
            .map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in ["challenge", "verified_at"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("hosts"))
                        .drop_column(Alias::new(col))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
