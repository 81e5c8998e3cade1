//! Two-factor sign-in (TOTP, RFC 6238) for staff: the sealed secret (and
//! one being enrolled), when it was turned on, the last time step used (a
//! code works once), and the SHA-256 of the unused recovery codes; and each
//! seller's choice to require it of its whole team.

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
            add_column(manager, "users", c).await?;
        }
        add_column(
            manager,
            "sellers",
            col("require_two_factor")
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
        )
        .await
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
                        .table(Alias::new("users"))
                        .drop_column(Alias::new(name))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("sellers"))
                    .drop_column(Alias::new("require_two_factor"))
                    .to_owned(),
            )
            .await
    }
}
