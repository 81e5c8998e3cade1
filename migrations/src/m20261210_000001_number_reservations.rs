//! Numbers for customers (issue 24): a number reserved on the portal while
//! a visitor signs up (`phone_numbers.reserved_until`, and the SHA-256 of
//! the secret that takes it in `reservation`), and the on-net rate a call to
//! one of the tenant's own numbers costs (`sellers.on_net_rate`, the
//! operator's row; zero by default).

use crate::util::{add_column, money};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [(&str, &str); 3] = [
    ("phone_numbers", "reserved_until"),
    ("phone_numbers", "reservation"),
    ("sellers", "on_net_rate"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            "phone_numbers",
            ColumnDef::new(Alias::new("reserved_until"))
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        )
        .await?;
        add_column(
            manager,
            "phone_numbers",
            ColumnDef::new(Alias::new("reservation"))
                .string_len(64)
                .null()
                .to_owned(),
        )
        .await?;
        add_column(
            manager,
            "sellers",
            money(manager, "on_net_rate").default("0").to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in COLUMNS {
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
