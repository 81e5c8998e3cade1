//! Two-factor sign-in for platform admins: the same columns as staff logins
//! have (`m20261204_000006_two_factor`), on `platform_admins`.

use crate::util::add_column;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn col(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for c in [
            col("totp_secret").text().null().to_owned(),
            col("totp_pending").text().null().to_owned(),
            col("totp_enabled_at")
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            col("totp_last_step").big_integer().null().to_owned(),
            col("recovery_codes").text().null().to_owned(),
        ] {
            add_column(manager, "platform_admins", c).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "totp_secret",
            "totp_pending",
            "totp_enabled_at",
            "totp_last_step",
            "recovery_codes",
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("platform_admins"))
                        .drop_column(Alias::new(name))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
