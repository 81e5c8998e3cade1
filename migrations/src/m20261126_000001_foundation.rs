//! Operators (tenants), their sellers and portal hosts, staff logins,
//! refresh sessions and platform administrators.

use crate::rls;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    Slug,
    CompanyName,
    Currency,
    Country,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sellers {
    Table,
    TenantId,
    Id,
    Kind,
    ParentId,
    Slug,
    Name,
    PrimaryColor,
    AccentColor,
    SupportEmail,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Hosts {
    Table,
    Hostname,
    TenantId,
    SellerId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    TenantId,
    Id,
    SellerId,
    Email,
    PasswordHash,
    Role,
    CreatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    TenantId,
    Id,
    SubjectKind,
    SubjectId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PlatformAdmins {
    Table,
    Id,
    Email,
    PasswordHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AdminRefreshTokens {
    Table,
    Id,
    AdminId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    RevokedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rls::ensure_app_role(manager).await?;

        manager
            .create_table(
                Table::create()
                    .table(Tenants::Table)
                    .col(uuid(Tenants::Id).primary_key())
                    .col(string_len_uniq(Tenants::Slug, 63))
                    .col(string_len(Tenants::CompanyName, 100))
                    .col(string_len(Tenants::Currency, 3))
                    .col(string_len_null(Tenants::Country, 2))
                    .col(string_len(Tenants::Status, 16))
                    .col(timestamp_with_time_zone(Tenants::CreatedAt))
                    .col(timestamp_with_time_zone(Tenants::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sellers::Table)
                    .col(uuid(Sellers::TenantId))
                    .col(uuid(Sellers::Id))
                    .col(string_len(Sellers::Kind, 16))
                    .col(uuid_null(Sellers::ParentId))
                    .col(string_len(Sellers::Slug, 63))
                    .col(string_len(Sellers::Name, 100))
                    .col(string_len(Sellers::PrimaryColor, 7))
                    .col(string_len(Sellers::AccentColor, 7))
                    .col(string_len_null(Sellers::SupportEmail, 254))
                    .col(timestamp_with_time_zone(Sellers::CreatedAt))
                    .primary_key(Index::create().col(Sellers::TenantId).col(Sellers::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sellers::Table, Sellers::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_sellers_tenant_slug")
                    .table(Sellers::Table)
                    .col(Sellers::TenantId)
                    .col(Sellers::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;

        // Host routing is a global lookup (a Citus reference table): the host
        // name is all a request has before its tenant is known.
        manager
            .create_table(
                Table::create()
                    .table(Hosts::Table)
                    .col(string_len(Hosts::Hostname, 253).primary_key())
                    .col(uuid(Hosts::TenantId))
                    .col(uuid(Hosts::SellerId))
                    .col(timestamp_with_time_zone(Hosts::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Hosts::Table, (Hosts::TenantId, Hosts::SellerId))
                            .to(Sellers::Table, (Sellers::TenantId, Sellers::Id))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_hosts_tenant_seller")
                    .table(Hosts::Table)
                    .col(Hosts::TenantId)
                    .col(Hosts::SellerId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(uuid(Users::TenantId))
                    .col(uuid(Users::Id))
                    .col(uuid(Users::SellerId))
                    .col(string_len(Users::Email, 254))
                    .col(string_len(Users::PasswordHash, 255))
                    .col(string_len(Users::Role, 16))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                    .primary_key(Index::create().col(Users::TenantId).col(Users::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, (Users::TenantId, Users::SellerId))
                            .to(Sellers::Table, (Sellers::TenantId, Sellers::Id))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_users_tenant_email")
                    .table(Users::Table)
                    .col(Users::TenantId)
                    .col(Users::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(uuid(RefreshTokens::TenantId))
                    .col(uuid(RefreshTokens::Id))
                    .col(string_len(RefreshTokens::SubjectKind, 16))
                    .col(uuid(RefreshTokens::SubjectId))
                    .col(uuid(RefreshTokens::FamilyId))
                    .col(string_len(RefreshTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(RefreshTokens::TenantId)
                            .col(RefreshTokens::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefreshTokens::Table, RefreshTokens::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_refresh_tokens_family")
                    .table(RefreshTokens::Table)
                    .col(RefreshTokens::TenantId)
                    .col(RefreshTokens::FamilyId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlatformAdmins::Table)
                    .col(uuid(PlatformAdmins::Id).primary_key())
                    .col(string_len_uniq(PlatformAdmins::Email, 254))
                    .col(string_len(PlatformAdmins::PasswordHash, 255))
                    .col(timestamp_with_time_zone(PlatformAdmins::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AdminRefreshTokens::Table)
                    .col(uuid(AdminRefreshTokens::Id).primary_key())
                    .col(uuid(AdminRefreshTokens::AdminId))
                    .col(uuid(AdminRefreshTokens::FamilyId))
                    .col(string_len(AdminRefreshTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(AdminRefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AdminRefreshTokens::RevokedAt))
                    .col(timestamp_with_time_zone(AdminRefreshTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdminRefreshTokens::Table, AdminRefreshTokens::AdminId)
                            .to(PlatformAdmins::Table, PlatformAdmins::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        rls::grant_tables(manager).await?;
        for table in ["sellers", "users", "refresh_tokens"] {
            rls::protect_tenant_table(manager, table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "admin_refresh_tokens",
            "platform_admins",
            "refresh_tokens",
            "users",
            "hosts",
            "sellers",
            "tenants",
        ] {
            manager
                .drop_table(
                    Table::drop()
                        .table(Alias::new(table))
                        .if_exists()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
