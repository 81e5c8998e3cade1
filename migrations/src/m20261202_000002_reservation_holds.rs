//! Reservations: how much of a prepaid account's balance each instance may
//! hand out to calls in flight (`reservation_holds`). Under the account's
//! row lock, an instance's hold never exceeds the balance less the other
//! instances' live holds; the instance hands out its hold to calls in
//! memory (`services::reservations`).

use crate::rls;
use crate::util::{money, parent_fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        m.create_table(
            Table::create()
                .table("reservation_holds")
                .col(uuid("tenant_id"))
                .col(uuid("account_id"))
                .col(string_len("instance", 128))
                .col(money(m, "amount"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("account_id"))
                        .col(Alias::new("instance")),
                )
                .foreign_key(&mut parent_fk(
                    "reservation_holds",
                    "account_id",
                    "accounts",
                ))
                .to_owned(),
        )
        .await?;
        rls::grant_tables(m).await?;
        rls::protect_tenant_table(m, "reservation_holds").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("reservation_holds").to_owned())
            .await
    }
}
