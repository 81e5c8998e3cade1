//! Sign-in back-off per (account, client): `login_throttles` counts the
//! failed sign-ins of one login from one client address and when that
//! client may try again (exponential back-off), so a stranger elsewhere can
//! never lock the account's owner out. A platform table, like
//! `rate_limit_hits`; the key is a hash, never the e-mail or address.

use crate::rls;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("login_throttles"))
                    .col(
                        ColumnDef::new(Alias::new("key"))
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Alias::new("failures")).integer().not_null())
                    // Unix seconds.
                    .col(
                        ColumnDef::new(Alias::new("blocked_until"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Alias::new("updated_at"))
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::util::index(
                "ix_login_throttles_updated",
                "login_throttles",
                &["updated_at"],
            ))
            .await?;
        rls::grant_tables(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(Alias::new("login_throttles"))
                    .to_owned(),
            )
            .await
    }
}
