//! Indexes the bill run and the mail sender read by: an account's services
//! and bundle subscriptions (read for a thousand accounts per bill-run
//! chunk), and the pending outbox in order (read a hundred at a time).

use crate::util::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                "ix_account_services_account",
                "account_services",
                &["tenant_id", "account_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_bundle_subscriptions_account",
                "bundle_subscriptions",
                &["tenant_id", "account_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_outbound_emails_pending",
                "outbound_emails",
                &["status", "created_at"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("ix_account_services_account", "account_services"),
            ("ix_bundle_subscriptions_account", "bundle_subscriptions"),
            ("ix_outbound_emails_pending", "outbound_emails"),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
