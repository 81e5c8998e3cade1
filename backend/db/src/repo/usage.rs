//! Bulk reads and writes of CDR ingestion: a batch of thousands of calls is
//! resolved, locked and stored with a handful of statements, whatever its
//! size. Every query filters on the transaction's tenant.

use super::aggregates::Usage;
use crate::entities::{
    account_services, accounts, allowance_usage, anis, calling_cards, cdrs, sip_accounts,
};
use ringledger_shared::ids::AccountId;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Statement,
};
use uuid::Uuid;

/// How accounts are locked on PostgreSQL (SQLite's writer is one).
#[derive(Clone, Copy)]
enum Lock {
    /// Waiting for a row another transaction has locked.
    Wait,
    /// Leaving such a row out.
    SkipLocked,
}

/// Values per `IN (…)` list (SQLite allows 32,766 parameters per statement).
pub(super) const CHUNK: usize = 1_000;

macro_rules! rows_where_in {
    ($name:ident, $entity:ident, $column:ident, $ty:ty) => {
        #[doc = concat!("The `", stringify!($entity), "` rows whose `", stringify!($column), "` is one of `keys`.")]
        pub async fn $name(&self, keys: &[$ty]) -> Result<Vec<$entity::Model>, DbErr> {
            let mut out = Vec::new();
            for chunk in keys.chunks(CHUNK) {
                out.extend(
                    $entity::Entity::find()
                        .filter($entity::Column::TenantId.eq(self.tid()))
                        .filter(super::one_of(self.db_backend(), $entity::Column::$column, chunk))
                        .all(&self.tx)
                        .await?,
                );
            }
            Ok(out)
        }
    };
}

impl Usage<'_> {
    rows_where_in!(cards_by_pins, calling_cards, Pin, String);
    rows_where_in!(anis_by_numbers, anis, Number, String);
    rows_where_in!(sips_by_usernames, sip_accounts, Username, String);
    rows_where_in!(services_by_ids, account_services, Id, Uuid);
    rows_where_in!(allowance_usage_of, allowance_usage, SubscriptionId, Uuid);

    /// Which of `call_ids` are already stored. On PostgreSQL the ids travel
    /// as one array (`= ANY($2)`), which keeps the unique index in use
    /// whatever plan the server caches for the statement.
    pub async fn existing_call_ids(
        &self,
        call_ids: &[String],
    ) -> Result<std::collections::HashSet<String>, DbErr> {
        let mut found = std::collections::HashSet::new();
        if call_ids.is_empty() {
            return Ok(found);
        }
        if self.backend() == DbBackend::Postgres {
            let rows = self
                .tx
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT call_id FROM cdrs WHERE tenant_id = $1 AND call_id = ANY($2::text[])",
                    vec![self.tid().into(), call_ids.to_vec().into()],
                ))
                .await?;
            for r in rows {
                found.insert(r.try_get::<String>("", "call_id")?);
            }
            return Ok(found);
        }
        for chunk in call_ids.chunks(CHUNK) {
            let ids: Vec<String> = cdrs::Entity::find()
                .select_only()
                .column(cdrs::Column::CallId)
                .filter(cdrs::Column::TenantId.eq(self.tid()))
                .filter(super::one_of(
                    self.db_backend(),
                    cdrs::Column::CallId,
                    chunk,
                ))
                .into_tuple()
                .all(&self.tx)
                .await?;
            found.extend(ids);
        }
        Ok(found)
    }

    /// Accounts by id, unlocked.
    pub async fn accounts_by_ids(&self, ids: &[AccountId]) -> Result<Vec<accounts::Model>, DbErr> {
        self.accounts_locked(ids, None).await
    }

    /// Accounts, locked for the rest of the transaction on PostgreSQL
    /// (`FOR UPDATE`, always in id order so two batches never deadlock).
    pub async fn accounts_for_update(
        &self,
        ids: &[AccountId],
    ) -> Result<Vec<accounts::Model>, DbErr> {
        self.accounts_locked(ids, Some(Lock::Wait)).await
    }

    /// [`Self::accounts_for_update`], but on PostgreSQL an account another
    /// transaction has locked is left out at once instead of being waited
    /// for (`SKIP LOCKED`): for background work that may itself hold what
    /// that transaction's owner waits for, and can come back later.
    pub async fn accounts_for_update_unless_locked(
        &self,
        ids: &[AccountId],
    ) -> Result<Vec<accounts::Model>, DbErr> {
        self.accounts_locked(ids, Some(Lock::SkipLocked)).await
    }

    async fn accounts_locked(
        &self,
        ids: &[AccountId],
        lock: Option<Lock>,
    ) -> Result<Vec<accounts::Model>, DbErr> {
        let mut ids = ids.to_vec();
        ids.sort();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let q = accounts::Entity::find()
                .filter(accounts::Column::TenantId.eq(self.tid()))
                .filter(super::one_of(
                    self.db_backend(),
                    accounts::Column::Id,
                    chunk,
                ))
                .order_by_asc(accounts::Column::Id);
            let q = match lock {
                _ if self.backend() != DbBackend::Postgres => q,
                None => q,
                Some(Lock::Wait) => q.lock_exclusive(),
                Some(Lock::SkipLocked) => {
                    q.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                }
            };
            out.extend(q.all(&self.tx).await?);
        }
        Ok(out)
    }

    fn backend(&self) -> DbBackend {
        self.tx.get_database_backend()
    }

    /// Stores a batch of CDRs (their `tenant_id` is forced): in a bulk
    /// transaction on PostgreSQL with `COPY` (see `repo::copy`), in another
    /// one `INSERT … SELECT FROM UNNEST(arrays)` per 50,000 rows.
    pub async fn insert_cdrs(&self, rows: Vec<cdrs::Model>) -> Result<(), DbErr> {
        if rows.is_empty() {
            return Ok(());
        }
        if let Some(mut pg) = self.tx.pg().await {
            return super::copy::insert_cdrs(&mut pg, self.tid(), &rows).await;
        }
        if self.backend() != DbBackend::Postgres {
            for chunk in rows.chunks(1_000) {
                cdrs::Entity::insert_many(chunk.iter().cloned().map(|mut r| {
                    r.tenant_id = self.tid();
                    cdrs::ActiveModel::from(r)
                }))
                .exec(&self.tx)
                .await?;
            }
            return Ok(());
        }
        for chunk in rows.chunks(50_000) {
            let mut c = CdrColumns::default();
            for r in chunk {
                c.push(r);
            }
            let sql = "INSERT INTO cdrs (tenant_id, id, call_id, account_id, service_id, service_kind, \
                identifier, destination, start_time, duration_secs, media, status, reason, prefix, \
                billable_secs, covered_secs, charge, created_at, late, journal_id, reason_detail) \
                SELECT $1::uuid, id::uuid, call_id, NULLIF(account_id, '')::uuid, \
                NULLIF(service_id, '')::uuid, service_kind, identifier, destination, \
                start_time::timestamptz, duration_secs, media, status, NULLIF(reason, ''), \
                NULLIF(prefix, ''), billable_secs, covered_secs, charge::numeric, created_at::timestamptz, late, \
                NULLIF(journal_id, '')::uuid, NULLIF(reason_detail, '') \
                FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], \
                $8::text[], $9::text[], $10::int8[], $11::text[], $12::text[], $13::text[], $14::text[], \
                $15::int8[], $16::int8[], $17::text[], $18::text[], $19::bool[], $20::text[], $21::text[]) \
                AS t(id, call_id, account_id, \
                service_id, service_kind, identifier, destination, start_time, duration_secs, media, \
                status, reason, prefix, billable_secs, covered_secs, charge, created_at, late, journal_id, \
                reason_detail)";
            let values: Vec<sea_orm::Value> = vec![
                self.tid().into(),
                c.id.into(),
                c.call_id.into(),
                c.account_id.into(),
                c.service_id.into(),
                c.service_kind.into(),
                c.identifier.into(),
                c.destination.into(),
                c.start_time.into(),
                c.duration_secs.into(),
                c.media.into(),
                c.status.into(),
                c.reason.into(),
                c.prefix.into(),
                c.billable_secs.into(),
                c.covered_secs.into(),
                c.charge.into(),
                c.created_at.into(),
                c.late.into(),
                c.journal_id.into(),
                c.reason_detail.into(),
            ];
            self.tx
                .execute_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    sql,
                    values,
                ))
                .await?;
        }
        Ok(())
    }

    insert!(insert_cdr, cdrs);

    /// CDRs matching a search, newest first, and the total.
    #[allow(clippy::too_many_arguments)]
    pub async fn search_cdrs(
        &self,
        account_id: Option<AccountId>,
        sellers: Option<&[Uuid]>,
        number: &str,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        status: Option<cdrs::CdrStatus>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<cdrs::Model>, u64), DbErr> {
        let mut q = cdrs::Entity::find().filter(cdrs::Column::TenantId.eq(self.tid()));
        if let Some(a) = account_id {
            q = q.filter(cdrs::Column::AccountId.eq(a));
        }
        if let Some(sellers) = sellers {
            let accounts = accounts::Entity::find()
                .select_only()
                .column(accounts::Column::Id)
                .filter(accounts::Column::TenantId.eq(self.tid()))
                .filter(accounts::Column::SellerId.is_in(sellers.iter().copied()))
                .into_query();
            q = q.filter(cdrs::Column::AccountId.in_subquery(accounts));
        }
        let number = number.trim();
        if !number.is_empty() {
            q = q.filter(
                Expr::col(cdrs::Column::Destination)
                    .like(super::contains_pattern(number))
                    .or(Expr::col(cdrs::Column::Identifier).like(super::contains_pattern(number))),
            );
        }
        if let Some(f) = from {
            q = q.filter(cdrs::Column::StartTime.gte(f));
        }
        if let Some(t) = to {
            q = q.filter(cdrs::Column::StartTime.lt(t));
        }
        if let Some(s) = status {
            q = q.filter(cdrs::Column::Status.eq(s));
        }
        let total = q.clone().count(&self.tx).await?;
        let items = q
            .order_by_desc(cdrs::Column::StartTime)
            .order_by_desc(cdrs::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(&self.tx)
            .await?;
        Ok((items, total))
    }

    /// Every kept (rejected) CDR, oldest first.
    pub async fn rejected_cdrs(&self, limit: u64) -> Result<Vec<cdrs::Model>, DbErr> {
        cdrs::Entity::find()
            .filter(cdrs::Column::TenantId.eq(self.tid()))
            .filter(cdrs::Column::Status.eq(cdrs::CdrStatus::Rejected))
            .order_by_asc(cdrs::Column::StartTime)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// Removes a kept CDR (before it is stored again, rated).
    pub async fn delete_cdr(&self, id: Uuid) -> Result<(), DbErr> {
        cdrs::Entity::delete_many()
            .filter(cdrs::Column::TenantId.eq(self.tid()))
            .filter(cdrs::Column::Id.eq(id))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }
}

/// A CDR batch as column arrays for `UNNEST`, travelling as text (and
/// `''` for none) and cast back by the statement.
#[derive(Default)]
struct CdrColumns {
    id: Vec<String>,
    call_id: Vec<String>,
    account_id: Vec<String>,
    service_id: Vec<String>,
    service_kind: Vec<String>,
    identifier: Vec<String>,
    destination: Vec<String>,
    start_time: Vec<String>,
    duration_secs: Vec<i64>,
    media: Vec<String>,
    status: Vec<String>,
    reason: Vec<String>,
    prefix: Vec<String>,
    billable_secs: Vec<i64>,
    covered_secs: Vec<i64>,
    charge: Vec<String>,
    created_at: Vec<String>,
    late: Vec<bool>,
    journal_id: Vec<String>,
    reason_detail: Vec<String>,
}

fn opt(s: Option<impl ToString>) -> String {
    s.map(|s| s.to_string()).unwrap_or_default()
}

impl CdrColumns {
    fn push(&mut self, r: &cdrs::Model) {
        self.id.push(r.id.to_string());
        self.call_id.push(r.call_id.clone());
        self.account_id.push(opt(r.account_id));
        self.service_id.push(opt(r.service_id));
        self.service_kind.push(r.service_kind.as_str().to_owned());
        self.identifier.push(r.identifier.clone());
        self.destination.push(r.destination.clone());
        self.start_time.push(r.start_time.to_rfc3339());
        self.duration_secs.push(r.duration_secs);
        self.media.push(r.media.clone());
        self.status.push(r.status.as_str().to_owned());
        self.reason.push(opt(r.reason.as_ref()));
        self.prefix.push(opt(r.prefix.as_ref()));
        self.billable_secs.push(r.billable_secs);
        self.covered_secs.push(r.covered_secs);
        self.charge.push(r.charge.0.to_string());
        self.created_at.push(r.created_at.to_rfc3339());
        self.late.push(r.late);
        self.journal_id.push(opt(r.journal_id));
        self.reason_detail.push(opt(r.reason_detail.as_ref()));
    }
}
