//! PostgreSQL row-level security: the second wall behind the scoped repos.
//!
//! The application's scoped transactions run `SET LOCAL ROLE ringledger_app`
//! and `SET LOCAL app.tenant_id = '…'`. `ringledger_app` is not the
//! owner of any table, so the policies below apply to it even when the
//! connection itself logs in as the owner or a superuser.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// The role scoped transactions switch to.
pub const APP_ROLE: &str = "ringledger_app";

/// Creates the application role once per cluster (tolerating concurrent
/// migrations of several databases) and lets the current user switch to it.
pub async fn ensure_app_role(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let db = manager.get_connection();
    db.execute_unprepared(&format!(
        "DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
             CREATE ROLE {APP_ROLE} NOLOGIN;
           END IF;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
         END $$;"
    ))
    .await?;
    db.execute_unprepared(&format!(
        "DO $$ BEGIN
           EXECUTE format('GRANT {APP_ROLE} TO %I', current_user);
         EXCEPTION WHEN duplicate_object OR unique_violation OR invalid_grant_operation THEN NULL;
         END $$;"
    ))
    .await?;
    db.execute_unprepared(&format!("GRANT USAGE ON SCHEMA public TO {APP_ROLE}"))
        .await?;
    Ok(())
}

/// Grants the application role the data privileges on every table created
/// so far — but only `SELECT` and `INSERT` on the append-only audit log.
pub async fn grant_tables(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE};
             DO $$ BEGIN
               IF to_regclass('audit_events') IS NOT NULL THEN
                 REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM {APP_ROLE};
               END IF;
             END $$;"
        ))
        .await?;
    Ok(())
}

/// Turns on row-level security for a tenant table: rows are visible and
/// writable only when their `tenant_id` equals the transaction's
/// `app.tenant_id`. Without that setting, nothing is visible.
pub async fn protect_tenant_table(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let db = manager.get_connection();
    db.execute_unprepared(&format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        .await?;
    db.execute_unprepared(&format!(
        "CREATE POLICY tenant_isolation ON {table} FOR ALL TO {APP_ROLE}
           USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
           WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)"
    ))
    .await?;
    Ok(())
}
