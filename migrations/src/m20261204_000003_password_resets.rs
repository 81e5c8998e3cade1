//! Password resets: one row per e-mailed reset link of a staff member, a
//! customer or a platform admin — the SHA-256 of the link's secret, its
//! expiry (one hour) and when it was used (once). A platform table like
//! `login_throttles`: the link is redeemed before anyone is signed in.

use crate::rls;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn col(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("password_resets"))
                    .col(col("id").uuid().not_null().primary_key())
                    .col(col("tenant_id").uuid().null())
                    .col(col("subject_kind").string_len(16).not_null())
                    .col(col("subject_id").uuid().not_null())
                    .col(col("token_hash").string_len(64).not_null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(col("expires_at").timestamp_with_time_zone().not_null())
                    .col(col("used_at").timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::util::index(
                "ix_password_resets_subject",
                "password_resets",
                &["subject_id", "created_at"],
            ))
            .await?;
        rls::grant_tables(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(Alias::new("password_resets"))
                    .to_owned(),
            )
            .await
    }
}
