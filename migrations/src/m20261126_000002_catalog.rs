//! The catalog: rate decks (versioned by effective date) and their rates,
//! destination groups, plans, bundles with their services and allowances.

use crate::rls;
use crate::util::{index, money, money_null, parent_fk, tenant_fk, tid_id_pk, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        m.create_table(
            Table::create()
                .table("rate_decks")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string_len("name", 100))
                .col(string_len("currency", 3))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut tenant_fk("rate_decks"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_rate_decks_name",
            "rate_decks",
            &["tenant_id", "name"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("rate_deck_versions")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("deck_id"))
                .col(date("effective_from"))
                .col(big_integer("row_count"))
                .col(big_integer("destination_count"))
                .col(money(m, "min_rate"))
                .col(money(m, "max_rate"))
                .col(string_len("source_sha256", 64))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk(
                    "rate_deck_versions",
                    "deck_id",
                    "rate_decks",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_rate_deck_versions_date",
            "rate_deck_versions",
            &["tenant_id", "deck_id", "effective_from"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("rate_deck_rates")
                .col(uuid("tenant_id"))
                .col(uuid("version_id"))
                .col(string_len("prefix", 15))
                .col(string_len("destination", 200))
                .col(money(m, "rate_per_minute"))
                .col(money(m, "connect_fee"))
                .col(integer("initial_increment"))
                .col(integer("subsequent_increment"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("version_id"))
                        .col(Alias::new("prefix")),
                )
                .foreign_key(&mut parent_fk(
                    "rate_deck_rates",
                    "version_id",
                    "rate_deck_versions",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_rate_deck_rates_destination",
            "rate_deck_rates",
            &["tenant_id", "version_id", "destination"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("destination_groups")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string_len("name", 100))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut tenant_fk("destination_groups"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_destination_groups_name",
            "destination_groups",
            &["tenant_id", "name"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("destination_group_prefixes")
                .col(uuid("tenant_id"))
                .col(uuid("group_id"))
                .col(string_len("prefix", 15))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("group_id"))
                        .col(Alias::new("prefix")),
                )
                .foreign_key(&mut parent_fk(
                    "destination_group_prefixes",
                    "group_id",
                    "destination_groups",
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("plans")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string_len("name", 100))
                .col(string_len("service_kind", 16))
                .col(uuid_null("deck_id"))
                .col(money_null(m, "monthly_fee"))
                .col(string_len("currency", 3))
                .col(boolean("active"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut tenant_fk("plans"))
                .foreign_key(&mut parent_fk("plans", "deck_id", "rate_decks"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("ux_plans_name", "plans", &["tenant_id", "name"]))
            .await?;

        m.create_table(
            Table::create()
                .table("bundles")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string_len("name", 100))
                .col(money(m, "monthly_fee"))
                .col(string_len("currency", 3))
                .col(uuid_null("deck_id"))
                .col(boolean("active"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut tenant_fk("bundles"))
                .foreign_key(&mut parent_fk("bundles", "deck_id", "rate_decks"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("ux_bundles_name", "bundles", &["tenant_id", "name"]))
            .await?;
        m.create_table(
            Table::create()
                .table("bundle_services")
                .col(uuid("tenant_id"))
                .col(uuid("bundle_id"))
                .col(string_len("service_kind", 16))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("bundle_id"))
                        .col(Alias::new("service_kind")),
                )
                .foreign_key(&mut parent_fk("bundle_services", "bundle_id", "bundles"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("bundle_allowances")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("bundle_id"))
                .col(uuid("group_id"))
                .col(integer("minutes"))
                .col(integer("priority"))
                .col(string_len("service_kinds", 64))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk("bundle_allowances", "bundle_id", "bundles"))
                .foreign_key(&mut parent_fk(
                    "bundle_allowances",
                    "group_id",
                    "destination_groups",
                ))
                .to_owned(),
        )
        .await?;

        rls::grant_tables(m).await?;
        for table in TABLES {
            rls::protect_tenant_table(m, table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(
                    Table::drop()
                        .table(Alias::new(*table))
                        .if_exists()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

const TABLES: [&str; 9] = [
    "rate_decks",
    "rate_deck_versions",
    "rate_deck_rates",
    "destination_groups",
    "destination_group_prefixes",
    "plans",
    "bundles",
    "bundle_services",
    "bundle_allowances",
];
