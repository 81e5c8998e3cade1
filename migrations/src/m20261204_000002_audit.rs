//! The audit log: `audit_events`, one row per change to money, prices,
//! permissions or settings and per sign-in, each carrying the SHA-256 of
//! the tenant's previous event (`prev_hash`) and its own (`hash`), numbered
//! without gaps per tenant (`seq`); `audit_heads` holds each tenant's last
//! number and hash (the row appends lock, so the chain cannot fork, and
//! what `ringledger audit verify` compares the chain's end with).
//!
//! Append-only: on both databases a trigger refuses every `UPDATE` and
//! `DELETE` of an event, and on PostgreSQL the application role is granted
//! only `SELECT` and `INSERT` on it.

use crate::rls;
use crate::util::{index, tenant_fk};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

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
                    .table(Alias::new("audit_events"))
                    .col(col("tenant_id").uuid().not_null())
                    .col(col("seq").big_integer().not_null())
                    .col(col("id").uuid().not_null())
                    .col(col("at").timestamp_with_time_zone().not_null())
                    .col(col("actor_kind").string_len(16).not_null())
                    .col(col("actor_id").uuid().null())
                    .col(col("actor_label").string_len(254).not_null())
                    .col(col("seller_id").uuid().null())
                    .col(col("customer_id").uuid().null())
                    .col(col("action").string_len(64).not_null())
                    .col(col("object_type").string_len(32).not_null())
                    .col(col("object_id").string_len(64).null())
                    .col(col("changes").text().not_null())
                    .col(col("ip").string_len(64).null())
                    .col(col("request_id").string_len(64).null())
                    .col(col("prev_hash").string_len(64).not_null())
                    .col(col("hash").string_len(64).not_null())
                    .primary_key(
                        Index::create()
                            .col(Alias::new("tenant_id"))
                            .col(Alias::new("seq")),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("ix_audit_events_at", &["tenant_id", "at"][..]),
            (
                "ix_audit_events_object",
                &["tenant_id", "object_type", "object_id"][..],
            ),
            (
                "ix_audit_events_customer",
                &["tenant_id", "customer_id", "seq"][..],
            ),
        ] {
            manager
                .create_index(index(name, "audit_events", cols))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("audit_heads"))
                    .col(col("tenant_id").uuid().not_null().primary_key())
                    .col(col("seq").big_integer().not_null())
                    .col(col("hash").string_len(64).not_null())
                    .foreign_key(&mut tenant_fk("audit_heads"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "CREATE FUNCTION audit_events_append_only() RETURNS trigger
                   LANGUAGE plpgsql AS $$
                 BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$;
                 CREATE TRIGGER audit_events_append_only
                   BEFORE UPDATE OR DELETE ON audit_events
                   FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();",
            )
            .await?;
        } else {
            for op in ["UPDATE", "DELETE"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER audit_events_no_{} BEFORE {op} ON audit_events
                     BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;",
                    op.to_lowercase()
                ))
                .await?;
            }
        }
        rls::grant_tables(manager).await?;
        rls::protect_tenant_table(manager, "audit_events").await?;
        rls::protect_tenant_table(manager, "audit_heads").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["audit_heads", "audit_events"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_events_append_only()")
                .await?;
        }
        Ok(())
    }
}
