//! The platform's own audit chain: platform admins' sign-ins are recorded
//! in `audit_events` under the nil tenant id (their actions on a tenant
//! stay in that tenant's chain). Its head lives in `audit_heads` like a
//! tenant's, so the head's key to `tenants` goes: on PostgreSQL the
//! foreign key is dropped; SQLite, which cannot drop one, rebuilds the
//! small table without it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "DO $$ DECLARE c text; BEGIN
                   FOR c IN SELECT conname FROM pg_constraint
                            WHERE conrelid = 'audit_heads'::regclass AND contype = 'f' LOOP
                     EXECUTE format('ALTER TABLE audit_heads DROP CONSTRAINT %I', c);
                   END LOOP;
                 END $$",
            )
            .await?;
            return Ok(());
        }
        // One batch, so every statement runs on the same connection (a
        // pooled SQLite connection with the old schema cached would not see
        // the drop before the rename).
        let create = Table::create()
            .table(Alias::new("audit_heads_v2"))
            .col(
                ColumnDef::new(Alias::new("tenant_id"))
                    .uuid()
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new(Alias::new("seq")).big_integer().not_null())
            .col(ColumnDef::new(Alias::new("hash")).string_len(64).not_null())
            .to_owned()
            .to_string(SqliteQueryBuilder);
        db.execute_unprepared(&format!(
            "BEGIN; {create}; \
             INSERT INTO audit_heads_v2 (tenant_id, seq, hash) SELECT tenant_id, seq, hash FROM audit_heads; \
             DROP TABLE audit_heads; \
             ALTER TABLE audit_heads_v2 RENAME TO audit_heads; COMMIT;"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The key is not put back: the platform chain's head has no tenant.
        Ok(())
    }
}
