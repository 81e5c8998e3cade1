//! Resellers: how a reseller prices on top of its parent (markup), the
//! wholesale account it is billed through (an account of its parent's),
//! its monthly fee, its logo (`seller_logos`), how deep the operator lets resellers nest,
//! and every reseller level's charge of each rated call (`cdr_charges`).

use crate::rls;
use crate::util::{add_column as add, index, money, parent_fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        for col in [
            string_len("markup_kind", 16).default("percent").to_owned(),
            money(m, "markup_value").default("0").to_owned(),
            money(m, "reseller_fee").default("0").to_owned(),
            uuid_null("wholesale_account_id"),
            integer("max_reseller_depth").default(2).to_owned(),
            uuid_null("own_deck_id"),
        ] {
            add(m, "sellers", col).await?;
        }
        // A reseller's own selling decks (NULL: the operator's catalog).
        add(m, "rate_decks", uuid_null("seller_id")).await?;
        m.create_table(
            Table::create()
                .table("cdr_charges")
                .col(uuid("tenant_id"))
                .col(uuid("cdr_id"))
                .col(integer("level"))
                .col(uuid("seller_id"))
                .col(uuid("account_id"))
                .col(string_len("service_kind", 16))
                .col(timestamp_with_time_zone("start_time"))
                .col(big_integer("billable_secs"))
                .col(money(m, "charge"))
                .col(uuid_null("invoice_id"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("cdr_id"))
                        .col(Alias::new("level")),
                )
                .foreign_key(&mut parent_fk("cdr_charges", "cdr_id", "cdrs"))
                .to_owned(),
        )
        .await?;
        // The wholesale bill sums one account's charges over a period.
        m.create_index(index(
            "ix_cdr_charges_account",
            "cdr_charges",
            &["tenant_id", "account_id", "start_time"],
        ))
        .await?;
        // Kept apart from `sellers`, which is read on every bill-run chunk.
        m.create_table(
            Table::create()
                .table("seller_logos")
                .col(uuid("tenant_id"))
                .col(uuid("seller_id"))
                .col(string_len("content_type", 32))
                .col(blob("bytes"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("seller_id")),
                )
                .foreign_key(&mut parent_fk("seller_logos", "seller_id", "sellers"))
                .to_owned(),
        )
        .await?;
        rls::grant_tables(m).await?;
        for t in ["cdr_charges", "seller_logos"] {
            rls::protect_tenant_table(m, t).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["seller_logos", "cdr_charges"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        for col in [
            "markup_kind",
            "markup_value",
            "reseller_fee",
            "wholesale_account_id",
            "max_reseller_depth",
            "own_deck_id",
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("sellers"))
                        .drop_column(Alias::new(col))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("rate_decks"))
                    .drop_column(Alias::new("seller_id"))
                    .to_owned(),
            )
            .await
    }
}
