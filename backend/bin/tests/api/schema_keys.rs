//! The rule that lets Citus distribute the schema by `tenant_id`
//! (`deploy/citus/`), checked on the migrated PostgreSQL catalog so that it
//! stays true as tables are added:
//!
//! - every table is either tenant-owned (a non-null `tenant_id`) or one of
//!   the named platform tables (Citus reference tables);
//! - a tenant-owned table's primary key and every unique index lead with
//!   `tenant_id`;
//! - a foreign key between tenant-owned tables carries `tenant_id` on both
//!   sides (co-located joins);
//! - the only foreign key from a platform table to a tenant-owned one is
//!   `hosts → sellers`, which the Citus script drops (a reference table may
//!   not point into a distributed one).

use crate::helpers::{TestApp, on_postgres};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::collections::{BTreeMap, BTreeSet};

/// Platform tables: no tenant, reference tables under Citus.
pub const REFERENCE_TABLES: &[&str] = &[
    "admin_refresh_tokens",
    "hosts",
    "login_throttles",
    "password_resets",
    "platform_admins",
    "platform_stripe_events",
    "rate_limit_hits",
    "seaql_migrations",
    "tenants",
];

async fn rows(app: &TestApp, sql: &str) -> Vec<sea_orm::QueryResult> {
    let db = sea_orm::Database::connect(app.state.settings().database_url().unwrap())
        .await
        .unwrap();
    let out = db
        .query_all_raw(Statement::from_string(DbBackend::Postgres, sql.to_owned()))
        .await
        .unwrap();
    db.close().await.ok();
    out
}

#[tokio::test]
async fn every_key_leads_with_tenant_id_so_citus_can_distribute_by_it() {
    if !on_postgres() {
        // The rule is about PostgreSQL/Citus; the suite's PostgreSQL run checks it.
        return;
    }
    let app = TestApp::spawn().await;

    // Tables and whether they have a non-null tenant_id.
    let mut tables: BTreeMap<String, bool> = BTreeMap::new();
    for r in rows(
        &app,
        "SELECT t.table_name::text AS t, \
         bool_or(c.column_name = 'tenant_id' AND c.is_nullable = 'NO') AS owned \
         FROM information_schema.tables t JOIN information_schema.columns c \
         USING (table_schema, table_name) \
         WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' GROUP BY 1",
    )
    .await
    {
        tables.insert(r.try_get("", "t").unwrap(), r.try_get("", "owned").unwrap());
    }
    assert!(tables.len() > 30, "the schema is there: {tables:?}");
    let reference: BTreeSet<String> = REFERENCE_TABLES.iter().map(|s| s.to_string()).collect();
    for (t, owned) in &tables {
        if !reference.contains(t) {
            assert!(
                owned,
                "{t}: every table is tenant-owned (non-null tenant_id) or a named platform table"
            );
        }
    }
    for t in &reference {
        assert!(tables.contains_key(t), "{t} is listed but does not exist");
    }
    let distributed: BTreeSet<&String> =
        tables.keys().filter(|t| !reference.contains(*t)).collect();

    // Primary keys and unique indexes: the first column.
    let mut with_pk = BTreeSet::new();
    for r in rows(
        &app,
        "SELECT c.relname::text AS t, i.relname::text AS idx, ix.indisprimary AS pk, \
         a.attname::text AS first \
         FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid \
         JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ix.indkey[0] \
         WHERE n.nspname = 'public' AND (ix.indisunique OR ix.indisprimary)",
    )
    .await
    {
        let t: String = r.try_get("", "t").unwrap();
        let idx: String = r.try_get("", "idx").unwrap();
        let first: String = r.try_get("", "first").unwrap();
        if r.try_get::<bool>("", "pk").unwrap() {
            with_pk.insert(t.clone());
        }
        if distributed.contains(&t) {
            assert_eq!(
                first, "tenant_id",
                "{t}: key {idx} must lead with tenant_id"
            );
        }
    }
    for t in &distributed {
        assert!(with_pk.contains(*t), "{t} has no primary key");
    }

    // Foreign keys: (table, referenced table, whether both sides carry
    // tenant_id at the same position).
    let mut platform_to_tenant = BTreeSet::new();
    for r in rows(
        &app,
        "SELECT c.relname::text AS t, f.relname::text AS ref, con.conname::text AS name, \
         EXISTS (SELECT 1 FROM generate_subscripts(con.conkey, 1) k \
           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[k] \
           JOIN pg_attribute b ON b.attrelid = con.confrelid AND b.attnum = con.confkey[k] \
           WHERE a.attname = 'tenant_id' AND b.attname = 'tenant_id') AS colocated \
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
         JOIN pg_class f ON f.oid = con.confrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE con.contype = 'f' AND n.nspname = 'public'",
    )
    .await
    {
        let t: String = r.try_get("", "t").unwrap();
        let to: String = r.try_get("", "ref").unwrap();
        let name: String = r.try_get("", "name").unwrap();
        let colocated: bool = r.try_get("", "colocated").unwrap();
        match (reference.contains(&t), reference.contains(&to)) {
            // Distributed → distributed: co-located on tenant_id.
            (false, false) => assert!(colocated, "{t} → {to} ({name}) must match on tenant_id"),
            // Platform → tenant-owned: only the one the Citus script drops.
            (true, false) => {
                platform_to_tenant.insert((t, to));
            }
            // Anything → platform (reference) table is allowed.
            _ => {}
        }
    }
    assert_eq!(
        platform_to_tenant,
        BTreeSet::from([("hosts".to_owned(), "sellers".to_owned())]),
        "deploy/citus drops exactly these foreign keys from reference tables"
    );

    // The Citus script names the same platform tables.
    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../deploy/citus/distribute.sql"
    ))
    .expect("deploy/citus/distribute.sql");
    for t in REFERENCE_TABLES {
        assert!(
            script.contains(t),
            "deploy/citus/distribute.sql does not name {t}"
        );
    }
}
