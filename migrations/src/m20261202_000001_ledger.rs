//! The double-entry ledger: `journals` (one movement of money, with its
//! cause and a unique idempotency key) and `postings` (its legs, summing to
//! zero; customer legs carry the account). `cdrs` and `cdr_charges` name the
//! usage journal that posted them.
//!
//! The one-sided `ledger_entries` of before are carried over: each entry
//! becomes a journal of two postings (the account's, and the book its kind
//! implies), and an account whose balance its entries did not explain (a
//! card redeemed without an entry) gets one opening-balance journal for the
//! difference. `ledger_entries` is then dropped.

use crate::rls;
use crate::util::{add_column as add, index, money, parent_fk, tenant_fk, tid_id_pk, unique};
use rust_decimal::Decimal;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};
use std::collections::HashMap;
use std::str::FromStr;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        m.create_table(
            Table::create()
                .table("journals")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("seller_id"))
                .col(string_len("kind", 24))
                .col(string_len("currency", 3))
                .col(string_len("idempotency_key", 200))
                .col(string_len("memo", 200))
                .col(string_len("actor", 100))
                .col(string_len_null("cause_type", 24))
                .col(uuid_null("cause_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut tenant_fk("journals"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_journals_key",
            "journals",
            &["tenant_id", "idempotency_key"],
        ))
        .await?;
        m.create_index(index(
            "ix_journals_time",
            "journals",
            &["tenant_id", "created_at"],
        ))
        .await?;
        m.create_index(index(
            "ix_journals_cause",
            "journals",
            &["tenant_id", "cause_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("postings")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("journal_id"))
                .col(uuid("seller_id"))
                .col(string_len("book", 24))
                .col(uuid_null("account_id"))
                .col(money(m, "amount"))
                .col(string_len("kind", 24))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk("postings", "journal_id", "journals"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_postings_account",
            "postings",
            &["tenant_id", "account_id", "created_at"],
        ))
        .await?;
        m.create_index(index(
            "ix_postings_journal",
            "postings",
            &["tenant_id", "journal_id"],
        ))
        .await?;
        m.create_index(index(
            "ix_postings_time",
            "postings",
            &["tenant_id", "created_at"],
        ))
        .await?;
        // A seller's books over a period (trial balance, CSV export).
        m.create_index(index(
            "ix_postings_seller_time",
            "postings",
            &["tenant_id", "seller_id", "created_at"],
        ))
        .await?;
        add(m, "cdrs", uuid_null("journal_id")).await?;
        add(m, "cdr_charges", uuid_null("journal_id")).await?;
        rls::grant_tables(m).await?;
        for t in ["journals", "postings"] {
            rls::protect_tenant_table(m, t).await?;
        }
        carry_over(m).await?;
        // Calls rated before: posted by the carried-over entries, which did
        // not name their records; the nil journal says "before the ledger".
        let nil = if m.get_database_backend() == DbBackend::Postgres {
            "'00000000-0000-0000-0000-000000000000'::uuid"
        } else {
            "X'00000000000000000000000000000000'"
        };
        let db = m.get_connection();
        db.execute_unprepared(&format!(
            "UPDATE cdrs SET journal_id = {nil} WHERE status = 'rated' AND journal_id IS NULL"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "UPDATE cdr_charges SET journal_id = {nil} WHERE journal_id IS NULL"
        ))
        .await?;
        m.drop_table(Table::drop().table("ledger_entries").to_owned())
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the ledger cannot be turned back into one-sided entries; restore a backup".into(),
        ))
    }
}

/// The book on the other side of a one-sided entry of `kind`.
const COUNTER: &str = "CASE e.kind \
    WHEN 'usage' THEN 'revenue_usage' \
    WHEN 'invoice' THEN 'revenue_recurring' \
    WHEN 'payment' THEN CASE WHEN e.actor = 'stripe' THEN 'stripe_clearing' ELSE 'manual_payments' END \
    WHEN 'payment_failed' THEN 'stripe_clearing' \
    WHEN 'refund' THEN CASE WHEN e.actor = 'stripe' THEN 'stripe_clearing' ELSE 'manual_payments' END \
    WHEN 'credit_note' THEN 'credit_notes' \
    ELSE 'adjustments' END";

/// Turns `ledger_entries` into journals and adds opening balances.
async fn carry_over(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    let pg = m.get_database_backend() == DbBackend::Postgres;
    let (new_id, negate) = if pg {
        ("gen_random_uuid()", "-e.amount")
    } else {
        (
            "randomblob(16)",
            "CASE WHEN substr(e.amount, 1, 1) = '-' THEN substr(e.amount, 2) ELSE '-' || e.amount END",
        )
    };
    let kind = "CASE e.kind WHEN 'usage' THEN 'usage' WHEN 'invoice' THEN 'invoice' \
        WHEN 'payment' THEN 'payment' WHEN 'payment_failed' THEN 'payment_failed' \
        WHEN 'refund' THEN 'refund' WHEN 'credit_note' THEN 'credit_note' ELSE 'adjustment' END";
    db.execute_unprepared(&format!(
        "INSERT INTO journals (tenant_id, id, seller_id, kind, currency, idempotency_key, memo, actor, \
           cause_type, cause_id, created_at) \
         SELECT e.tenant_id, e.id, a.seller_id, {kind}, a.currency, 'legacy:' || e.kind || ':' || e.id, \
           e.reason, e.actor, CASE WHEN e.cdr_id IS NULL THEN NULL ELSE 'cdr' END, e.cdr_id, e.created_at \
         FROM ledger_entries e JOIN accounts a ON a.tenant_id = e.tenant_id AND a.id = e.account_id"
    ))
    .await?;
    db.execute_unprepared(&format!(
        "INSERT INTO postings (tenant_id, id, journal_id, seller_id, book, account_id, amount, kind, created_at) \
         SELECT e.tenant_id, e.id, e.id, a.seller_id, 'customer', e.account_id, e.amount, {kind}, e.created_at \
         FROM ledger_entries e JOIN accounts a ON a.tenant_id = e.tenant_id AND a.id = e.account_id"
    ))
    .await?;
    db.execute_unprepared(&format!(
        "INSERT INTO postings (tenant_id, id, journal_id, seller_id, book, account_id, amount, kind, created_at) \
         SELECT e.tenant_id, {new_id}, e.id, a.seller_id, {COUNTER}, NULL, {negate}, {kind}, e.created_at \
         FROM ledger_entries e JOIN accounts a ON a.tenant_id = e.tenant_id AND a.id = e.account_id"
    ))
    .await?;
    // Balances the entries do not explain: one opening journal each.
    let journal = |diff: &str, account: &str| {
        format!(
            "INSERT INTO journals (tenant_id, id, seller_id, kind, currency, idempotency_key, memo, actor, \
               cause_type, cause_id, created_at) \
             SELECT a.tenant_id, a.id, a.seller_id, 'opening', a.currency, 'opening:' || a.id, \
               'balance carried over when the ledger was introduced', 'migration', NULL, NULL, a.created_at \
             FROM accounts a WHERE a.id = {account}; \
             INSERT INTO postings (tenant_id, id, journal_id, seller_id, book, account_id, amount, kind, created_at) \
             SELECT a.tenant_id, a.id, a.id, a.seller_id, 'customer', a.id, {diff}, 'opening', a.created_at \
             FROM accounts a WHERE a.id = {account}; \
             INSERT INTO postings (tenant_id, id, journal_id, seller_id, book, account_id, amount, kind, created_at) \
             SELECT a.tenant_id, {new_id}, a.id, a.seller_id, 'opening_balance', NULL, -({diff}), 'opening', a.created_at \
             FROM accounts a WHERE a.id = {account};"
        )
    };
    if pg {
        let sql = "SELECT a.id::text AS id, (a.balance - COALESCE(s.total, 0))::text AS diff \
            FROM accounts a LEFT JOIN (SELECT tenant_id, account_id, SUM(amount) AS total FROM ledger_entries \
            GROUP BY tenant_id, account_id) s ON s.tenant_id = a.tenant_id AND s.account_id = a.id \
            WHERE a.balance <> COALESCE(s.total, 0)";
        let rows = db
            .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
            .await?;
        for row in rows {
            let id: String = row.try_get("", "id")?;
            let diff: String = row.try_get("", "diff")?;
            let diff = Decimal::from_str(&diff).map_err(|e| DbErr::Custom(e.to_string()))?;
            for stmt in journal(&format!("{diff}::numeric"), &format!("'{id}'::uuid")).split("; ") {
                db.execute_unprepared(stmt).await?;
            }
        }
        return Ok(());
    }
    let decimal = |s: String| Decimal::from_str(s.trim()).map_err(|e| DbErr::Custom(e.to_string()));
    let mut explained: HashMap<Vec<u8>, Decimal> = HashMap::new();
    for row in db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT account_id, amount FROM ledger_entries",
        ))
        .await?
    {
        let id: Vec<u8> = row.try_get("", "account_id")?;
        *explained.entry(id).or_default() += decimal(row.try_get("", "amount")?)?;
    }
    for row in db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT id, balance FROM accounts",
        ))
        .await?
    {
        let id: Vec<u8> = row.try_get("", "id")?;
        let balance = decimal(row.try_get("", "balance")?)?;
        let diff = balance - explained.get(&id).copied().unwrap_or_default();
        if diff.is_zero() {
            continue;
        }
        let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
        let negated = -diff;
        let sql = journal(&format!("'{diff}'"), &format!("X'{hex}'"))
            .replace(&format!("-(('{diff}'))"), &format!("'{negated}'"))
            .replace(&format!("-('{diff}')"), &format!("'{negated}'"));
        for stmt in sql.split("; ") {
            db.execute_unprepared(stmt).await?;
        }
    }
    Ok(())
}
