//! Outbound webhooks: a seller's endpoints (URL, events, sealed secret),
//! the events written in the transaction of their cause, and one delivery
//! per event and endpoint with its attempts' outcome (the outbox the
//! sender claims, retried with back-off for three days).

use crate::rls;
use crate::util::{index, parent_fk, tenant_fk, tid_id_pk};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn col(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

fn at(name: &'static str) -> ColumnDef {
    col(name).timestamp_with_time_zone().null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("webhook_endpoints"))
                    .col(col("tenant_id").uuid().not_null())
                    .col(col("id").uuid().not_null())
                    .col(col("seller_id").uuid().not_null())
                    .col(col("url").string_len(2048).not_null())
                    .col(col("description").string_len(200).not_null())
                    .col(col("events").text().not_null())
                    .col(col("secret_sealed").text().not_null())
                    .col(col("enabled").boolean().not_null())
                    .col(col("created_by").uuid().null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(at("deleted_at"))
                    .primary_key(&mut tid_id_pk())
                    .foreign_key(&mut tenant_fk("webhook_endpoints"))
                    .foreign_key(&mut parent_fk("webhook_endpoints", "seller_id", "sellers"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("webhook_events"))
                    .col(col("tenant_id").uuid().not_null())
                    .col(col("id").uuid().not_null())
                    .col(col("seller_id").uuid().not_null())
                    .col(col("kind").string_len(40).not_null())
                    .col(col("object_id").uuid().not_null())
                    .col(col("payload").text().not_null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .primary_key(&mut tid_id_pk())
                    .foreign_key(&mut tenant_fk("webhook_events"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("webhook_deliveries"))
                    .col(col("tenant_id").uuid().not_null())
                    .col(col("id").uuid().not_null())
                    .col(col("endpoint_id").uuid().not_null())
                    .col(col("event_id").uuid().not_null())
                    .col(col("kind").string_len(40).not_null())
                    .col(col("object_id").uuid().not_null())
                    .col(col("status").string_len(16).not_null())
                    .col(col("attempts").integer().not_null())
                    .col(at("next_attempt_at"))
                    .col(at("last_attempt_at"))
                    .col(col("response_code").integer().null())
                    .col(col("latency_ms").integer().null())
                    .col(col("last_error").string_len(500).null())
                    .col(at("delivered_at"))
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(col("replay_of").uuid().null())
                    .primary_key(&mut tid_id_pk())
                    .foreign_key(&mut tenant_fk("webhook_deliveries"))
                    .foreign_key(&mut parent_fk(
                        "webhook_deliveries",
                        "endpoint_id",
                        "webhook_endpoints",
                    ))
                    .foreign_key(&mut parent_fk(
                        "webhook_deliveries",
                        "event_id",
                        "webhook_events",
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, table, cols) in [
            (
                "ix_webhook_endpoints_seller",
                "webhook_endpoints",
                &["tenant_id", "seller_id", "created_at"][..],
            ),
            (
                "ix_webhook_deliveries_due",
                "webhook_deliveries",
                &["tenant_id", "status", "next_attempt_at"][..],
            ),
            (
                "ix_webhook_deliveries_endpoint",
                "webhook_deliveries",
                &["tenant_id", "endpoint_id", "id"][..],
            ),
            (
                "ix_webhook_deliveries_object",
                "webhook_deliveries",
                &["tenant_id", "endpoint_id", "object_id", "id"][..],
            ),
        ] {
            manager.create_index(index(name, table, cols)).await?;
        }
        rls::grant_tables(manager).await?;
        for table in ["webhook_endpoints", "webhook_events", "webhook_deliveries"] {
            rls::protect_tenant_table(manager, table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["webhook_deliveries", "webhook_events", "webhook_endpoints"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
