//! Phone numbers (issue 24): the operator's inventory (`phone_numbers`,
//! one row per number with its state) and who held each number when
//! (`number_assignments`, what bill runs prorate the monthly fee by).

use crate::rls;
use crate::util::{index, money, tenant_fk, tid_id_pk, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        m.create_table(
            Table::create()
                .table("phone_numbers")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string_len("number", 15))
                .col(string_len("country", 2))
                .col(money(m, "monthly_fee"))
                .col(money(m, "setup_fee"))
                .col(string_len("status", 16))
                .col(uuid_null("service_id"))
                .col(uuid_null("account_id"))
                .col(timestamp_with_time_zone_null("quarantined_until"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut tenant_fk("phone_numbers"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "phone_numbers_number",
            "phone_numbers",
            &["tenant_id", "number"],
        ))
        .await?;
        m.create_index(index(
            "phone_numbers_status",
            "phone_numbers",
            &["tenant_id", "status", "country"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("number_assignments")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("number_id"))
                .col(string_len("number", 15))
                .col(uuid("account_id"))
                .col(uuid("service_id"))
                .col(money(m, "monthly_fee"))
                .col(timestamp_with_time_zone("started_at"))
                .col(timestamp_with_time_zone_null("ended_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut tenant_fk("number_assignments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "number_assignments_account",
            "number_assignments",
            &["tenant_id", "account_id"],
        ))
        .await?;
        rls::grant_tables(m).await?;
        for table in ["phone_numbers", "number_assignments"] {
            rls::protect_tenant_table(m, table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["number_assignments", "phone_numbers"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
