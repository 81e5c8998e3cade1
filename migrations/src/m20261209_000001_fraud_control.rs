//! Fraud control (issue 24): the sellers' defaults and customers' own
//! limits (`fraud_rules`), the operator's high-risk prefixes, the running
//! spend of accounts and services with the services' fraud suspensions
//! (`spend_meters`), and each instance's share of a concurrent-call or
//! calls-per-minute limit (`call_slots`).

use crate::rls;
use crate::util::{money, money_null, tenant_fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 4] = [
    "fraud_rules",
    "high_risk_prefixes",
    "spend_meters",
    "call_slots",
];

fn pk(cols: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    for c in cols {
        index.col(Alias::new(*c));
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        m.create_table(
            Table::create()
                .table("fraud_rules")
                .col(uuid("tenant_id"))
                .col(uuid("subject_id"))
                .col(text("rules"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "subject_id"]))
                .foreign_key(&mut tenant_fk("fraud_rules"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("high_risk_prefixes")
                .col(uuid("tenant_id"))
                .col(string_len("prefix", 15))
                .col(string_len("description", 200))
                .primary_key(&mut pk(&["tenant_id", "prefix"]))
                .foreign_key(&mut tenant_fk("high_risk_prefixes"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("spend_meters")
                .col(uuid("tenant_id"))
                .col(uuid("subject_id"))
                .col(timestamp_with_time_zone("hour_start"))
                .col(money(m, "hour_spent"))
                .col(date("day_start"))
                .col(money(m, "day_spent"))
                .col(money(m, "usual_hourly"))
                .col(timestamp_with_time_zone_null("suspended_at"))
                .col(money_null(m, "suspended_spend"))
                .col(money_null(m, "suspended_usual"))
                .col(timestamp_with_time_zone_null("quiet_until"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "subject_id"]))
                .foreign_key(&mut tenant_fk("spend_meters"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("call_slots")
                .col(uuid("tenant_id"))
                .col(string_len("counter", 64))
                .col(string_len("instance", 128))
                .col(integer("taken"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "counter", "instance"]))
                .foreign_key(&mut tenant_fk("call_slots"))
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
        for table in TABLES {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
