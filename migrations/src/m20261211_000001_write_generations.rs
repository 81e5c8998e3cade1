//! Other processes' writes, for the in-memory caches (issue 23): each
//! process (a `serve` instance, or `cli` for the command line) counts the
//! write transactions it committed per tenant in `write_generations`, and
//! every process reads the others' counts about twice a second. A count that
//! moved makes that tenant's cached rows stale at once, so the authorization
//! cache no longer has to reload every entry each second to see them. The
//! nil tenant id stands for the platform's own tables. Keyed by tenant
//! first and under row-level security like every tenant table (Citus
//! distributes it by `tenant_id`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("write_generations")
                    .col(uuid("tenant_id"))
                    .col(string_len("instance", 128))
                    .col(big_integer("generation"))
                    .primary_key(
                        Index::create()
                            .col(Alias::new("tenant_id"))
                            .col(Alias::new("instance")),
                    )
                    .to_owned(),
            )
            .await?;
        crate::rls::grant_tables(manager).await?;
        // Like every tenant table (the application role sees only its
        // tenant's rows); the feed itself reads and writes it as the
        // platform, across tenants.
        crate::rls::protect_tenant_table(manager, "write_generations").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("write_generations").to_owned())
            .await
    }
}
