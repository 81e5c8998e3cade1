//! "Your sessions": each refresh token records the client it was issued to
//! (`ip`, `user_agent`), so a login's live sessions can be listed with
//! where and on what they were last used, and revoked one by one.

use crate::util::add_column;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, len) in [("ip", 64), ("user_agent", 200)] {
            let col = ColumnDef::new(Alias::new(name))
                .string_len(len)
                .null()
                .to_owned();
            add_column(manager, "refresh_tokens", col).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["ip", "user_agent"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("refresh_tokens"))
                        .drop_column(Alias::new(name))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
