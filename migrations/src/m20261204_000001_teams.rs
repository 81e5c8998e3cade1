//! Teams: a seller's staff logins get one of five roles (`owner`, `admin`,
//! `billing`, `support`, `read_only`), can be deactivated
//! (`users.deactivated_at`: locked out at once, history kept), and join by
//! invitation: `staff_invitations` holds the e-mail, the role, the SHA-256
//! of the single-use link's secret and its expiry (72 hours).

use crate::rls;
use crate::util::{add_column, index, tenant_fk, tid_id_pk, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn uuid(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .uuid()
        .not_null()
        .to_owned()
}

fn at(name: &'static str, null: bool) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.timestamp_with_time_zone();
    if null {
        c.null()
    } else {
        c.not_null()
    };
    c.to_owned()
}

fn text(name: &'static str, len: u32) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .string_len(len)
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "users", at("deactivated_at", true)).await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("staff_invitations"))
                    .col(uuid("tenant_id"))
                    .col(uuid("id"))
                    .col(uuid("seller_id"))
                    .col(text("email", 254))
                    .col(text("role", 16))
                    .col(text("token_hash", 64))
                    .col(uuid("invited_by"))
                    .col(at("created_at", false))
                    .col(at("expires_at", false))
                    .col(at("accepted_at", true))
                    .col(at("revoked_at", true))
                    .primary_key(&mut tid_id_pk())
                    .foreign_key(&mut tenant_fk("staff_invitations"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                "ux_staff_invitations_token",
                "staff_invitations",
                &["tenant_id", "token_hash"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_staff_invitations_seller",
                "staff_invitations",
                &["tenant_id", "seller_id", "created_at"],
            ))
            .await?;
        rls::grant_tables(manager).await?;
        rls::protect_tenant_table(manager, "staff_invitations").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(Alias::new("staff_invitations"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("users"))
                    .drop_column(Alias::new("deactivated_at"))
                    .to_owned(),
            )
            .await
    }
}
