//! Several instances on one database: a bill run is leased to the instance
//! processing it (`claimed_by`, `claimed_until`, renewed every chunk, taken
//! over when it lapses), and rate limits count in the database, so that a
//! load balancer spreading requests does not multiply them.

use crate::util::add_column;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            "bill_runs",
            ColumnDef::new(Alias::new("claimed_by"))
                .text()
                .null()
                .to_owned(),
        )
        .await?;
        add_column(
            manager,
            "bill_runs",
            ColumnDef::new(Alias::new("claimed_until"))
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        )
        .await?;
        // A platform table (like `hosts`): the bucket names the limit and
        // its key, e.g. `login-ip:203.0.113.7`; one row per fixed window.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("rate_limit_hits"))
                    .col(ColumnDef::new(Alias::new("bucket")).text().not_null())
                    .col(
                        ColumnDef::new(Alias::new("window_start"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Alias::new("hits")).integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(Alias::new("bucket"))
                            .col(Alias::new("window_start")),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::util::index(
                "ix_rate_limit_hits_window",
                "rate_limit_hits",
                &["window_start"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(Alias::new("rate_limit_hits"))
                    .to_owned(),
            )
            .await?;
        for col in ["claimed_by", "claimed_until"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("bill_runs"))
                        .drop_column(Alias::new(col))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
