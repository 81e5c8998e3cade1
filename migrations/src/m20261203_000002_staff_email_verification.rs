//! A staff login's e-mail is verified before its console may take payments
//! or create resellers: `users.email_verified_at`, and the hash and expiry
//! of the single-use link e-mailed at sign-up (`email_token_hash`,
//! `email_token_expires_at`). Logins that exist already are taken as
//! verified (they were made before the rule).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Alias::new("email_verified_at"))
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Alias::new("email_token_hash"))
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(Alias::new("email_token_expires_at"))
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("users"))
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared("UPDATE users SET email_verified_at = created_at")
            .await
            .map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            "email_verified_at",
            "email_token_hash",
            "email_token_expires_at",
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("users"))
                        .drop_column(Alias::new(col))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
