//! The journal's storage: the only code that writes `journals`, `postings`
//! and `accounts.balance`.
//!
//! A journal is inserted with its idempotency key; a key seen before posts
//! nothing (a retry can never post twice). The postings of the journals
//! that were new change the customer accounts' stored balances *relatively*
//! (`balance = balance + delta`), in the same statement on PostgreSQL (one
//! `WITH … INSERT … UPDATE`) and in the same write-locked transaction on
//! SQLite (`BEGIN IMMEDIATE`: nothing else can write between the read and
//! the write). No caller ever hands in a balance.

use super::aggregates::Ledger;
use crate::entities::decimal::DbDecimal;
use crate::entities::{accounts, journals, postings};
use chrono::{DateTime, Utc};
use ringledger_shared::ids::AccountId;
use ringledger_shared::ledger::{JournalKind, Legs};
use rust_decimal::Decimal;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A journal to post.
#[derive(Debug, Clone)]
pub struct NewJournal {
    /// Its id (known before posting, so records can name it).
    pub id: Uuid,
    /// Whose books.
    pub seller_id: Uuid,
    /// What it records.
    pub kind: JournalKind,
    /// ISO code.
    pub currency: String,
    /// Unique per tenant: a second journal with this key posts nothing.
    pub key: String,
    /// Why, for people.
    pub memo: String,
    /// Who (`switch`, `stripe`, a staff e-mail…).
    pub actor: String,
    /// What caused it (`cdr`, `invoice`, `payment`, `refund`, `card`,
    /// `credit_note`…) and its id.
    pub cause: Option<(&'static str, Uuid)>,
    /// The postings, summing to zero.
    pub legs: Legs,
    /// When.
    pub at: DateTime<Utc>,
}

mod proof;

pub use proof::RatedRecord;

impl Ledger<'_> {
    /// Posts journals; returns the ids of those that were new (a journal
    /// whose key was posted before is skipped, with its postings).
    pub async fn post_journals(&self, journals: Vec<NewJournal>) -> Result<HashSet<Uuid>, DbErr> {
        if journals.is_empty() {
            return Ok(HashSet::new());
        }
        if self.db_backend() == DbBackend::Postgres {
            return self.post_pg(journals).await;
        }
        let mut posted = HashSet::new();
        let mut deltas: HashMap<Uuid, Decimal> = HashMap::new();
        for j in journals {
            let row = journals::ActiveModel::from(journal_row(self.tid(), &j));
            let inserted = journals::Entity::insert(row)
                .on_conflict(
                    OnConflict::columns([
                        journals::Column::TenantId,
                        journals::Column::IdempotencyKey,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_without_returning(&self.tx)
                .await?;
            if inserted == 0 {
                continue;
            }
            let rows: Vec<postings::ActiveModel> = posting_rows(self.tid(), &j)
                .into_iter()
                .map(postings::ActiveModel::from)
                .collect();
            postings::Entity::insert_many(rows).exec(&self.tx).await?;
            for leg in j.legs.legs() {
                if let Some(a) = leg.account_id {
                    *deltas.entry(a).or_default() += leg.amount;
                }
            }
            posted.insert(j.id);
        }
        // The write lock is held (BEGIN IMMEDIATE): read and write at once.
        let ids: Vec<Uuid> = deltas.keys().copied().collect();
        for chunk in ids.chunks(500) {
            let rows: Vec<(Uuid, DbDecimal)> = accounts::Entity::find()
                .select_only()
                .column(accounts::Column::Id)
                .column(accounts::Column::Balance)
                .filter(accounts::Column::TenantId.eq(self.tid()))
                .filter(accounts::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(&self.tx)
                .await?;
            for (id, balance) in rows {
                let delta = deltas.get(&id).copied().unwrap_or_default();
                if delta.is_zero() {
                    continue;
                }
                accounts::Entity::update_many()
                    .col_expr(
                        accounts::Column::Balance,
                        sea_orm::sea_query::Expr::value(DbDecimal(balance.0 + delta)),
                    )
                    .filter(accounts::Column::TenantId.eq(self.tid()))
                    .filter(accounts::Column::Id.eq(id))
                    .exec(&self.tx)
                    .await?;
            }
        }
        Ok(posted)
    }

    /// PostgreSQL: journals, postings and balances in one statement.
    async fn post_pg(&self, journals: Vec<NewJournal>) -> Result<HashSet<Uuid>, DbErr> {
        #[derive(Default)]
        struct J {
            id: Vec<String>,
            seller: Vec<String>,
            kind: Vec<String>,
            currency: Vec<String>,
            key: Vec<String>,
            memo: Vec<String>,
            actor: Vec<String>,
            cause_type: Vec<String>,
            cause_id: Vec<String>,
            at: Vec<String>,
        }
        #[derive(Default)]
        struct P {
            id: Vec<String>,
            journal: Vec<String>,
            seller: Vec<String>,
            book: Vec<String>,
            account: Vec<String>,
            amount: Vec<String>,
            kind: Vec<String>,
            at: Vec<String>,
        }
        let (mut j, mut p) = (J::default(), P::default());
        for x in &journals {
            let at = x.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            j.id.push(x.id.to_string());
            j.seller.push(x.seller_id.to_string());
            j.kind.push(x.kind.as_str().into());
            j.currency.push(x.currency.clone());
            j.key.push(x.key.clone());
            j.memo.push(clip(&x.memo, 200));
            j.actor.push(clip(&x.actor, 100));
            j.cause_type
                .push(x.cause.map(|c| c.0.to_owned()).unwrap_or_default());
            j.cause_id
                .push(x.cause.map(|c| c.1.to_string()).unwrap_or_default());
            j.at.push(at.clone());
            for leg in x.legs.legs() {
                p.id.push(Uuid::now_v7().to_string());
                p.journal.push(x.id.to_string());
                p.seller.push(x.seller_id.to_string());
                p.book.push(leg.book.as_str().into());
                p.account
                    .push(leg.account_id.map(|a| a.to_string()).unwrap_or_default());
                p.amount.push(leg.amount.to_string());
                p.kind.push(x.kind.as_str().into());
                p.at.push(at.clone());
            }
        }
        let sql = "WITH j AS ( \
              INSERT INTO journals (tenant_id, id, seller_id, kind, currency, idempotency_key, memo, actor, \
                cause_type, cause_id, created_at) \
              SELECT $1::uuid, u.id::uuid, u.seller::uuid, u.kind, u.currency, u.key, u.memo, u.actor, \
                NULLIF(u.cause_type, ''), NULLIF(u.cause_id, '')::uuid, u.at::timestamptz \
              FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], \
                $9::text[], $10::text[], $11::text[]) AS u(id, seller, kind, currency, key, memo, actor, \
                cause_type, cause_id, at) \
              ON CONFLICT (tenant_id, idempotency_key) DO NOTHING \
              RETURNING id \
            ), p AS ( \
              INSERT INTO postings (tenant_id, id, journal_id, seller_id, book, account_id, amount, kind, created_at) \
              SELECT $1::uuid, v.id::uuid, v.journal::uuid, v.seller::uuid, v.book, NULLIF(v.account, '')::uuid, \
                v.amount::numeric, v.kind, v.at::timestamptz \
              FROM UNNEST($12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], \
                $18::text[], $19::text[]) AS v(id, journal, seller, book, account, amount, kind, at) \
              WHERE v.journal::uuid IN (SELECT id FROM j) \
              RETURNING account_id, amount \
            ), b AS ( \
              UPDATE accounts SET balance = accounts.balance + d.delta \
              FROM (SELECT account_id, SUM(amount) AS delta FROM p WHERE account_id IS NOT NULL \
                GROUP BY account_id) d \
              WHERE accounts.tenant_id = $1 AND accounts.id = d.account_id AND d.delta <> 0 \
              RETURNING accounts.id \
            ) SELECT id FROM j";
        let values: Vec<sea_orm::Value> = vec![
            self.tid().into(),
            j.id.into(),
            j.seller.into(),
            j.kind.into(),
            j.currency.into(),
            j.key.into(),
            j.memo.into(),
            j.actor.into(),
            j.cause_type.into(),
            j.cause_id.into(),
            j.at.into(),
            p.id.into(),
            p.journal.into(),
            p.seller.into(),
            p.book.into(),
            p.account.into(),
            p.amount.into(),
            p.kind.into(),
            p.at.into(),
        ];
        // The foreign-key checks of the new postings against `journals` run
        // as plans PostgreSQL caches per connection: one cached while the
        // table was small scans it whole, and a bill run's checks grew
        // slower with every chunk (issue 23). The transaction plans its
        // statements afresh, once (unless it already did).
        self.plan_afresh().await?;
        let rows = self
            .tx
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                sql,
                values,
            ))
            .await?;
        rows.iter()
            .map(|r| r.try_get::<Uuid>("", "id"))
            .collect::<Result<HashSet<Uuid>, DbErr>>()
    }

    /// An account's postings, newest first.
    pub async fn postings_of(
        &self,
        account_id: AccountId,
        limit: u64,
    ) -> Result<Vec<postings::Model>, DbErr> {
        postings::Entity::find()
            .filter(postings::Column::TenantId.eq(self.tid()))
            .filter(postings::Column::AccountId.eq(account_id))
            .order_by_desc(postings::Column::CreatedAt)
            .order_by_desc(postings::Column::Id)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// An account's postings in `[from, to)`, oldest first.
    pub async fn postings_between(
        &self,
        account_id: AccountId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<postings::Model>, DbErr> {
        postings::Entity::find()
            .filter(postings::Column::TenantId.eq(self.tid()))
            .filter(postings::Column::AccountId.eq(account_id))
            .filter(postings::Column::CreatedAt.gte(from))
            .filter(postings::Column::CreatedAt.lt(to))
            .order_by_asc(postings::Column::CreatedAt)
            .order_by_asc(postings::Column::Id)
            .all(&self.tx)
            .await
    }

    /// The sum of an account's postings before `at`.
    pub async fn balance_before(
        &self,
        account_id: AccountId,
        at: DateTime<Utc>,
    ) -> Result<Decimal, DbErr> {
        let rows: Vec<DbDecimal> = postings::Entity::find()
            .select_only()
            .column(postings::Column::Amount)
            .filter(postings::Column::TenantId.eq(self.tid()))
            .filter(postings::Column::AccountId.eq(account_id))
            .filter(postings::Column::CreatedAt.lt(at))
            .into_tuple()
            .all(&self.tx)
            .await?;
        Ok(rows.into_iter().map(|d| d.0).sum())
    }

    /// The journal posted under `key`, if any.
    pub async fn journal_by_key(&self, key: &str) -> Result<Option<journals::Model>, DbErr> {
        journals::Entity::find()
            .filter(journals::Column::TenantId.eq(self.tid()))
            .filter(journals::Column::IdempotencyKey.eq(key))
            .one(&self.tx)
            .await
    }

    /// Journals by id, keyed by it.
    pub async fn journals_by_ids(
        &self,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, journals::Model>, DbErr> {
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(1_000) {
            out.extend(
                journals::Entity::find()
                    .filter(journals::Column::TenantId.eq(self.tid()))
                    .filter(super::one_of(
                        self.db_backend(),
                        journals::Column::Id,
                        chunk,
                    ))
                    .all(&self.tx)
                    .await?
                    .into_iter()
                    .map(|j| (j.id, j)),
            );
        }
        Ok(out)
    }

    /// A seller's journals in `[from, to)` (newest first), optionally of one kind or
    /// whose memo or actor contains `text`; at most `limit`.
    pub async fn search_journals(
        &self,
        seller: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        kind: Option<&str>,
        text: Option<&str>,
        limit: u64,
    ) -> Result<Vec<journals::Model>, DbErr> {
        let mut q = journals::Entity::find()
            .filter(journals::Column::TenantId.eq(self.tid()))
            .filter(journals::Column::SellerId.eq(seller))
            .filter(journals::Column::CreatedAt.gte(from))
            .filter(journals::Column::CreatedAt.lt(to));
        if let Some(k) = kind {
            q = q.filter(journals::Column::Kind.eq(k));
        }
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            q = q.filter(
                sea_orm::Condition::any()
                    .add(journals::Column::Memo.contains(t))
                    .add(journals::Column::Actor.contains(t)),
            );
        }
        q.order_by_desc(journals::Column::CreatedAt)
            .order_by_desc(journals::Column::Id)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// The postings of some journals.
    pub async fn postings_of_journals(&self, ids: &[Uuid]) -> Result<Vec<postings::Model>, DbErr> {
        let mut out = Vec::new();
        for chunk in ids.chunks(1_000) {
            out.extend(
                postings::Entity::find()
                    .filter(postings::Column::TenantId.eq(self.tid()))
                    .filter(super::one_of(
                        self.db_backend(),
                        postings::Column::JournalId,
                        chunk,
                    ))
                    .all(&self.tx)
                    .await?,
            );
        }
        Ok(out)
    }

    /// Every posting of the tenant (or of one seller's books) in
    /// `[from, to)`, oldest first, a page at a time (after the posting
    /// `after`).
    pub async fn postings_page(
        &self,
        seller: Option<Uuid>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        after: Option<(DateTime<Utc>, Uuid)>,
        limit: u64,
    ) -> Result<Vec<postings::Model>, DbErr> {
        let mut q = postings::Entity::find()
            .filter(postings::Column::TenantId.eq(self.tid()))
            .filter(postings::Column::CreatedAt.gte(from))
            .filter(postings::Column::CreatedAt.lt(to));
        if let Some(s) = seller {
            q = q.filter(postings::Column::SellerId.eq(s));
        }
        if let Some((at, id)) = after {
            q = q.filter(
                sea_orm::Condition::any()
                    .add(postings::Column::CreatedAt.gt(at))
                    .add(
                        sea_orm::Condition::all()
                            .add(postings::Column::CreatedAt.eq(at))
                            .add(postings::Column::Id.gt(id)),
                    ),
            );
        }
        q.order_by_asc(postings::Column::CreatedAt)
            .order_by_asc(postings::Column::Id)
            .limit(limit)
            .all(&self.tx)
            .await
    }
}

fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn journal_row(tenant: Uuid, j: &NewJournal) -> journals::Model {
    journals::Model {
        tenant_id: tenant,
        id: j.id,
        seller_id: j.seller_id,
        kind: j.kind,
        currency: j.currency.clone(),
        idempotency_key: j.key.clone(),
        memo: clip(&j.memo, 200),
        actor: clip(&j.actor, 100),
        cause_type: j.cause.map(|c| c.0.to_owned()),
        cause_id: j.cause.map(|c| c.1),
        created_at: j.at,
    }
}

fn posting_rows(tenant: Uuid, j: &NewJournal) -> Vec<postings::Model> {
    j.legs
        .legs()
        .iter()
        .map(|l| postings::Model {
            tenant_id: tenant,
            id: Uuid::now_v7(),
            journal_id: j.id,
            seller_id: j.seller_id,
            book: l.book.as_str().into(),
            account_id: l.account_id.map(Into::into),
            amount: DbDecimal(l.amount),
            kind: j.kind,
            created_at: j.at,
        })
        .collect()
}
