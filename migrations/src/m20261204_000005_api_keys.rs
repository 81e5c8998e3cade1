//! API keys for a seller's own systems (accounting, CRM): scoped
//! (`read_only`, `billing`, `catalog`, `customers`), stored hashed, with an
//! optional expiry, revocable, and the time and address of their last use.

use crate::rls;
use crate::util::{index, tenant_fk, tid_id_pk};
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
                    .table(Alias::new("api_keys"))
                    .col(col("tenant_id").uuid().not_null())
                    .col(col("id").uuid().not_null())
                    .col(col("seller_id").uuid().not_null())
                    .col(col("name").string_len(100).not_null())
                    .col(col("scope").string_len(16).not_null())
                    .col(col("key_hash").string_len(64).not_null())
                    .col(col("last4").string_len(4).not_null())
                    .col(col("created_by").uuid().not_null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(col("expires_at").timestamp_with_time_zone().null())
                    .col(col("revoked_at").timestamp_with_time_zone().null())
                    .col(col("last_used_at").timestamp_with_time_zone().null())
                    .col(col("last_used_ip").string_len(64).null())
                    .primary_key(&mut tid_id_pk())
                    .foreign_key(&mut tenant_fk("api_keys"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_api_keys_seller",
                "api_keys",
                &["tenant_id", "seller_id", "created_at"],
            ))
            .await?;
        rls::grant_tables(manager).await?;
        rls::protect_tenant_table(manager, "api_keys").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Alias::new("api_keys")).to_owned())
            .await
    }
}
