//! Usage: call detail records (one per tenant and `call_id`), what they drew
//! from allowances per billing period, and the balance ledger.

use crate::rls;
use crate::util::{index, money, parent_fk, tenant_fk, tid_id_pk, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 3] = ["cdrs", "allowance_usage", "ledger_entries"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        m.create_table(
            Table::create()
                .table("cdrs")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string_len("call_id", 128))
                .col(uuid_null("account_id"))
                .col(uuid_null("service_id"))
                .col(string_len("service_kind", 16))
                .col(string_len("identifier", 64))
                .col(string_len("destination", 64))
                .col(timestamp_with_time_zone("start_time"))
                .col(big_integer("duration_secs"))
                .col(string_len("media", 8))
                .col(string_len("status", 16))
                .col(string_len_null("reason", 32))
                .col(string_len_null("prefix", 15))
                .col(big_integer("billable_secs"))
                .col(big_integer("covered_secs"))
                .col(money(m, "charge"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut tenant_fk("cdrs"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("ux_cdrs_call_id", "cdrs", &["tenant_id", "call_id"]))
            .await?;
        m.create_index(index(
            "ix_cdrs_account_time",
            "cdrs",
            &["tenant_id", "account_id", "start_time"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("allowance_usage")
                .col(uuid("tenant_id"))
                .col(uuid("subscription_id"))
                .col(uuid("allowance_id"))
                .col(date("period_start"))
                .col(big_integer("used_secs"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("subscription_id"))
                        .col(Alias::new("allowance_id"))
                        .col(Alias::new("period_start")),
                )
                .foreign_key(&mut parent_fk(
                    "allowance_usage",
                    "subscription_id",
                    "bundle_subscriptions",
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("ledger_entries")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("account_id"))
                .col(money(m, "amount"))
                .col(money(m, "balance_after"))
                .col(string_len("kind", 16))
                .col(string_len("reason", 200))
                .col(string_len("actor", 100))
                .col(uuid_null("cdr_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk("ledger_entries", "account_id", "accounts"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_ledger_account",
            "ledger_entries",
            &["tenant_id", "account_id", "created_at"],
        ))
        .await?;

        rls::grant_tables(m).await?;
        for t in TABLES {
            rls::protect_tenant_table(m, t).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(Alias::new(*t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
