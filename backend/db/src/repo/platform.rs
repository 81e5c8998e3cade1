//! Queries on platform tables: tenants, host routing, platform admins and
//! their sessions. These are the only unscoped queries of the application.

use super::conn::TxConn;
use super::{Generations, TenantTx, enter_tenant_scope};
use crate::entities::{admin_refresh_tokens, hosts, platform_admins, sellers, tenants};
use chrono::{DateTime, Utc};
use ringledger_shared::api::TenantStatus;
use ringledger_shared::ids::{AdminId, TenantId};
use ringledger_shared::status::SellerKind;
use ringledger_shared::status::{BillRunStatus, EmailStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::sync::Arc;
use uuid::Uuid;

/// A transaction over platform tables.
pub struct PlatformTx {
    tx: TxConn,
    /// Bumped on commit when a statement ran in it that moves the write
    /// generation (`conn::moves_generation`: any write, or for a quiet
    /// transaction a write outside its bookkeeping tables).
    gens: Arc<Generations>,
    /// This writer's turn on SQLite (see `Repos::begin`), released after
    /// the transaction (the last field: dropped after `tx`).
    turn: super::WriteTurn,
}

impl PlatformTx {
    pub(super) fn new(tx: TxConn, gens: Arc<Generations>, turn: super::WriteTurn) -> Self {
        Self { tx, gens, turn }
    }

    pub(super) fn conn(&self) -> &TxConn {
        &self.tx
    }

    /// Moves `lease` of the claimed rows, (tenant, id) pairs, to `until`:
    /// one statement per tenant (keys lead with `tenant_id`).
    pub(super) async fn lease_rows<E: EntityTrait>(
        &self,
        rows: impl IntoIterator<Item = (Uuid, Uuid)>,
        (tenant_col, id_col): (E::Column, E::Column),
        lease: E::Column,
        until: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let mut by_tenant: std::collections::BTreeMap<Uuid, Vec<Uuid>> = Default::default();
        for (tenant, id) in rows {
            by_tenant.entry(tenant).or_default().push(id);
        }
        for (tenant, ids) in by_tenant {
            E::update_many()
                .col_expr(lease, sea_orm::sea_query::Expr::value(until))
                .filter(tenant_col.eq(tenant))
                .filter(id_col.is_in(ids))
                .exec(&self.tx)
                .await?;
        }
        Ok(())
    }

    /// Claims up to `limit` rows of `due()`, the oldest first by
    /// `cols.order`, tenant by tenant — each claim a single-tenant query,
    /// what Citus can lock (`FOR UPDATE` only in single-shard queries), with
    /// `SKIP LOCKED` so two instances never take the same row — and leases
    /// them until `lease_until` (see [`Self::lease_rows`]).
    pub(super) async fn claim_rows<E, F>(
        &self,
        due: F,
        cols: ClaimColumns<E>,
        key: impl Fn(&E::Model) -> (Uuid, Uuid),
        limit: u64,
        lease_until: DateTime<Utc>,
    ) -> Result<Vec<E::Model>, DbErr>
    where
        E: EntityTrait,
        F: Fn() -> sea_orm::Select<E>,
    {
        use sea_orm::sea_query::{LockBehavior, LockType};
        // The tenants of the oldest due rows (an index walk, no DISTINCT
        // over a long table).
        let mut tenants: Vec<Uuid> = due()
            .select_only()
            .column(cols.tenant)
            .order_by_asc(cols.order)
            .limit(limit)
            .into_tuple()
            .all(&self.tx)
            .await?;
        let mut seen = std::collections::HashSet::new();
        tenants.retain(|t| seen.insert(*t));
        let mut rows = Vec::new();
        for tenant in tenants {
            let left = limit.saturating_sub(rows.len() as u64);
            if left == 0 {
                break;
            }
            rows.extend(
                due()
                    .filter(cols.tenant.eq(tenant))
                    .order_by_asc(cols.order)
                    .limit(left)
                    .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                    .all(&self.tx)
                    .await?,
            );
        }
        self.lease_rows::<E>(
            rows.iter().map(key),
            (cols.tenant, cols.id),
            cols.lease,
            lease_until,
        )
        .await?;
        Ok(rows)
    }

    /// Commits (and, for a transaction that wrote — a quiet one, outside
    /// its bookkeeping tables — moves the platform generation).
    pub async fn commit(self) -> Result<(), DbErr> {
        let moved = self.tx.moved();
        self.tx.commit().await?;
        if moved {
            self.gens.bump_platform();
        }
        Ok(())
    }

    /// Continues the same transaction scoped to `tenant` (used by sign-up,
    /// which creates the tenant and its first rows atomically).
    pub async fn into_tenant(self, tenant: TenantId) -> Result<TenantTx, DbErr> {
        enter_tenant_scope(&self.tx, tenant).await?;
        // What the platform's part wrote (a tenant created, its status
        // set) moves the platform's generation at the tenant's commit, never
        // before it (a reader in between would cache the rows as they were
        // under the new stamp, and keep them).
        let platform_written = self.tx.moved();
        let mut tx = TenantTx::from_tx(self.tx, tenant, self.gens, self.turn);
        tx.platform_written = platform_written;
        Ok(tx)
    }

    /// A tenant by id.
    pub async fn tenant(&self, id: TenantId) -> Result<Option<tenants::Model>, DbErr> {
        tenants::Entity::find_by_id(id.as_uuid())
            .one(&self.tx)
            .await
    }

    /// A tenant by portal slug.
    pub async fn tenant_by_slug(&self, slug: &str) -> Result<Option<tenants::Model>, DbErr> {
        tenants::Entity::find()
            .filter(tenants::Column::Slug.eq(slug))
            .one(&self.tx)
            .await
    }

    /// Every tenant, oldest first.
    pub async fn all_tenants(&self) -> Result<Vec<tenants::Model>, DbErr> {
        tenants::Entity::find()
            .order_by_asc(tenants::Column::CreatedAt)
            .all(&self.tx)
            .await
    }

    /// A page of tenants, newest first, and how many there are.
    pub async fn list_tenants(
        &self,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<tenants::Model>, u64), DbErr> {
        let query = tenants::Entity::find()
            .order_by_desc(tenants::Column::CreatedAt)
            .order_by_asc(tenants::Column::Id);
        let total = query.clone().count(&self.tx).await?;
        let paginator = query.paginate(&self.tx, limit.max(1));
        let items = paginator.fetch_page(offset / limit.max(1)).await?;
        Ok((items, total))
    }

    /// Inserts a tenant.
    pub async fn insert_tenant(&self, model: tenants::Model) -> Result<tenants::Model, DbErr> {
        let am: tenants::ActiveModel = model.into();
        am.insert(&self.tx).await
    }

    /// Sets a tenant's status.
    pub async fn set_tenant_status(
        &self,
        id: TenantId,
        status: TenantStatus,
        now: DateTime<Utc>,
    ) -> Result<Option<tenants::Model>, DbErr> {
        let Some(found) = self.tenant(id).await? else {
            return Ok(None);
        };
        let mut am: tenants::ActiveModel = found.into();
        am.status = Set(status);
        am.updated_at = Set(now);
        am.update(&self.tx).await.map(Some)
    }

    /// The seller a custom host name routes to.
    pub async fn host(&self, hostname: &str) -> Result<Option<hosts::Model>, DbErr> {
        hosts::Entity::find_by_id(hostname.to_owned())
            .one(&self.tx)
            .await
    }

    /// The operator seller of a tenant, for brand lookups that happen before
    /// any principal exists (host routing). Filters by tenant explicitly.
    pub async fn operator_seller(&self, tenant: TenantId) -> Result<Option<sellers::Model>, DbErr> {
        sellers::Entity::find()
            .filter(sellers::Column::TenantId.eq(tenant.as_uuid()))
            .filter(sellers::Column::Kind.eq(SellerKind::Operator))
            .one(&self.tx)
            .await
    }

    /// Every seller of a tenant (the scheduler's bill runs), operator first.
    pub async fn sellers_of(&self, tenant: TenantId) -> Result<Vec<sellers::Model>, DbErr> {
        let mut all = sellers::Entity::find()
            .filter(sellers::Column::TenantId.eq(tenant.as_uuid()))
            .all(&self.tx)
            .await?;
        all.sort_by_key(|s| (s.parent_id.is_some(), s.created_at));
        Ok(all)
    }

    /// A reseller of a tenant by slug (host routing of
    /// `{reseller}.{operator}.{base}`). Filters by tenant explicitly.
    pub async fn reseller_by_slug(
        &self,
        tenant: TenantId,
        slug: &str,
    ) -> Result<Option<sellers::Model>, DbErr> {
        sellers::Entity::find()
            .filter(sellers::Column::TenantId.eq(tenant.as_uuid()))
            .filter(sellers::Column::Kind.eq(SellerKind::Reseller))
            .filter(sellers::Column::Slug.eq(slug))
            .one(&self.tx)
            .await
    }

    /// A platform admin by e-mail.
    pub async fn admin_by_email(
        &self,
        email: &str,
    ) -> Result<Option<platform_admins::Model>, DbErr> {
        platform_admins::Entity::find()
            .filter(platform_admins::Column::Email.eq(email))
            .one(&self.tx)
            .await
    }

    /// A platform admin by id.
    pub async fn admin(&self, id: AdminId) -> Result<Option<platform_admins::Model>, DbErr> {
        platform_admins::Entity::find_by_id(id.as_uuid())
            .one(&self.tx)
            .await
    }

    /// Stores (or clears) an admin's TOTP secret being enrolled, sealed.
    pub async fn set_admin_totp_pending(
        &self,
        id: AdminId,
        sealed: Option<String>,
    ) -> Result<(), DbErr> {
        use sea_orm::sea_query::Expr;
        platform_admins::Entity::update_many()
            .col_expr(platform_admins::Column::TotpPending, Expr::value(sealed))
            .filter(platform_admins::Column::Id.eq(id.as_uuid()))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Turns an admin's two-factor sign-in on (sealed secret, when, the
    /// recovery codes' hashes as JSON, the step of the confirming code).
    pub async fn enable_admin_totp(
        &self,
        id: AdminId,
        sealed: String,
        at: DateTime<Utc>,
        codes: String,
        step: i64,
    ) -> Result<(), DbErr> {
        use sea_orm::sea_query::Expr;
        platform_admins::Entity::update_many()
            .col_expr(platform_admins::Column::TotpSecret, Expr::value(sealed))
            .col_expr(
                platform_admins::Column::TotpPending,
                Expr::value(None::<String>),
            )
            .col_expr(platform_admins::Column::TotpEnabledAt, Expr::value(at))
            .col_expr(platform_admins::Column::TotpLastStep, Expr::value(step))
            .col_expr(platform_admins::Column::RecoveryCodes, Expr::value(codes))
            .filter(platform_admins::Column::Id.eq(id.as_uuid()))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Records that the code of `step` signed the admin in: `false` when
    /// that step (or a later one) was used already.
    pub async fn use_admin_totp_step(&self, id: AdminId, step: i64) -> Result<bool, DbErr> {
        use sea_orm::sea_query::Expr;
        let res = platform_admins::Entity::update_many()
            .col_expr(platform_admins::Column::TotpLastStep, Expr::value(step))
            .filter(platform_admins::Column::Id.eq(id.as_uuid()))
            .filter(
                sea_orm::Condition::any()
                    .add(platform_admins::Column::TotpLastStep.is_null())
                    .add(platform_admins::Column::TotpLastStep.lt(step)),
            )
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Replaces an admin's unused recovery codes `old` by `new`
    /// (compare-and-set).
    pub async fn use_admin_recovery_code(
        &self,
        id: AdminId,
        old: &str,
        new: &str,
    ) -> Result<bool, DbErr> {
        use sea_orm::sea_query::Expr;
        let res = platform_admins::Entity::update_many()
            .col_expr(platform_admins::Column::RecoveryCodes, Expr::value(new))
            .filter(platform_admins::Column::Id.eq(id.as_uuid()))
            .filter(platform_admins::Column::RecoveryCodes.eq(old))
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Inserts a platform admin.
    pub async fn insert_admin(
        &self,
        model: platform_admins::Model,
    ) -> Result<platform_admins::Model, DbErr> {
        let am: platform_admins::ActiveModel = model.into();
        am.insert(&self.tx).await
    }

    /// Stores an admin refresh token.
    pub async fn insert_admin_refresh(
        &self,
        model: admin_refresh_tokens::Model,
    ) -> Result<(), DbErr> {
        let am: admin_refresh_tokens::ActiveModel = model.into();
        am.insert(&self.tx).await.map(|_| ())
    }

    /// An admin refresh token by id.
    pub async fn admin_refresh(
        &self,
        id: Uuid,
    ) -> Result<Option<admin_refresh_tokens::Model>, DbErr> {
        admin_refresh_tokens::Entity::find_by_id(id)
            .one(&self.tx)
            .await
    }

    /// Revokes every live token of an admin refresh family.
    pub async fn revoke_admin_family(&self, family: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
        admin_refresh_tokens::Entity::update_many()
            .col_expr(
                admin_refresh_tokens::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(admin_refresh_tokens::Column::FamilyId.eq(family))
            .filter(admin_refresh_tokens::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Stores an admin's new password hash and ends every session of theirs
    /// (a password reset).
    pub async fn reset_admin_password(
        &self,
        id: AdminId,
        hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        platform_admins::Entity::update_many()
            .col_expr(
                platform_admins::Column::PasswordHash,
                sea_orm::sea_query::Expr::value(hash),
            )
            .filter(platform_admins::Column::Id.eq(id.as_uuid()))
            .exec(&self.tx)
            .await?;
        admin_refresh_tokens::Entity::update_many()
            .col_expr(
                admin_refresh_tokens::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(admin_refresh_tokens::Column::AdminId.eq(id.as_uuid()))
            .filter(admin_refresh_tokens::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Revokes one admin refresh token; `false` if it was already revoked
    /// (a concurrent rotation won).
    pub async fn revoke_admin_refresh(&self, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let res = admin_refresh_tokens::Entity::update_many()
            .col_expr(
                admin_refresh_tokens::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(admin_refresh_tokens::Column::Id.eq(id))
            .filter(admin_refresh_tokens::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Maps a host name to a seller, verified (tests use this to prove the
    /// routing without the DNS proof of `Sellers::verify_host`).
    #[doc(hidden)]
    pub async fn insert_host_for_test(
        &self,
        hostname: &str,
        tenant_id: Uuid,
        seller_id: Uuid,
    ) -> Result<(), DbErr> {
        let am: hosts::ActiveModel = hosts::Model {
            hostname: hostname.to_owned(),
            tenant_id,
            seller_id,
            created_at: chrono::Utc::now(),
            challenge: None,
            verified_at: Some(chrono::Utc::now()),
        }
        .into();
        am.insert(&self.tx).await.map(|_| ())
    }

    /// What `GET /metrics` reports from the database: accounts of the
    /// running bill runs (total, done) and the e-mails waiting.
    pub async fn metric_gauges(&self) -> Result<DbGauges, DbErr> {
        use crate::entities::{bill_runs, outbound_emails as oe};
        let runs: Vec<(i64, i64)> = bill_runs::Entity::find()
            .select_only()
            .column(bill_runs::Column::TotalAccounts)
            .column(bill_runs::Column::DoneAccounts)
            .filter(bill_runs::Column::Status.eq(BillRunStatus::Running))
            .into_tuple()
            .all(&self.tx)
            .await?;
        let outbox_pending = oe::Entity::find()
            .filter(oe::Column::Status.eq(EmailStatus::Pending))
            .count(&self.tx)
            .await?;
        Ok(DbGauges {
            bill_run_total: runs.iter().map(|r| r.0).sum(),
            bill_run_done: runs.iter().map(|r| r.1).sum(),
            outbox_pending: i64::try_from(outbox_pending).unwrap_or(i64::MAX),
        })
    }

    /// Unfinished bill runs of every tenant, (tenant, run), that no other
    /// live instance holds.
    pub async fn running_bill_runs(
        &self,
        instance: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Uuid, Uuid)>, DbErr> {
        use crate::entities::bill_runs;
        bill_runs::Entity::find()
            .select_only()
            .column(bill_runs::Column::TenantId)
            .column(bill_runs::Column::Id)
            .filter(bill_runs::Column::Status.eq(BillRunStatus::Running))
            .filter(super::billing::lease_open(instance, now))
            .into_tuple()
            .all(&self.tx)
            .await
    }

    /// Claims up to `limit` e-mails of every tenant that are due (oldest
    /// first within a tenant) for one sender: their next attempt moves to `lease_until`, so
    /// no other sender (in this process or another instance) takes them
    /// before this one has recorded the outcome; a sender that dies
    /// half-way leaves them to be taken again after the lease. On
    /// PostgreSQL rows another sender is claiming are skipped (`FOR UPDATE
    /// SKIP LOCKED`); SQLite has one writer at a time.
    pub async fn claim_emails(
        &self,
        limit: u64,
        max_attempts: i32,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Vec<crate::entities::outbound_emails::Model>, DbErr> {
        use crate::entities::outbound_emails as oe;
        use sea_orm::sea_query::Condition;
        let due = || {
            oe::Entity::find()
                .filter(oe::Column::Status.eq(EmailStatus::Pending))
                .filter(oe::Column::Attempts.lt(max_attempts))
                .filter(
                    Condition::any()
                        .add(oe::Column::NextAttemptAt.is_null())
                        .add(oe::Column::NextAttemptAt.lte(now)),
                )
        };
        let cols = ClaimColumns {
            tenant: oe::Column::TenantId,
            id: oe::Column::Id,
            order: oe::Column::CreatedAt,
            lease: oe::Column::NextAttemptAt,
        };
        self.claim_rows(due, cols, |r| (r.tenant_id, r.id), limit, lease_until)
            .await
    }

    /// Records a delivery attempt: sent, or the error.
    pub async fn mark_email(
        &self,
        tenant_id: Uuid,
        id: Uuid,
        error: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        use crate::entities::outbound_emails as oe;
        let Some(row) = oe::Entity::find_by_id((tenant_id, id))
            .one(&self.tx)
            .await?
        else {
            return Ok(());
        };
        let attempts = row.attempts + 1;
        let mut am: oe::ActiveModel = row.into();
        am.attempts = Set(attempts);
        match error {
            None => {
                am.status = Set(EmailStatus::Sent);
                am.sent_at = Set(Some(now));
                am.last_error = Set(None);
            }
            Some(e) => {
                am.last_error = Set(Some(e.chars().take(500).collect()));
                am.next_attempt_at = Set(Some(now + backoff(attempts)));
                if attempts >= MAX_ATTEMPTS {
                    am.status = Set(EmailStatus::Failed);
                }
            }
        }
        am.update(&self.tx).await.map(|_| ())
    }
}

/// The columns [`PlatformTx::claim_rows`] works with.
pub(super) struct ClaimColumns<E: EntityTrait> {
    /// The row's tenant.
    pub tenant: E::Column,
    /// The row's id.
    pub id: E::Column,
    /// Oldest first by this.
    pub order: E::Column,
    /// When it may be taken again (the lease).
    pub lease: E::Column,
}

/// What the database says at scrape time.
#[derive(Debug, Default, Clone, Copy)]
pub struct DbGauges {
    /// Accounts of the running bill runs.
    pub bill_run_total: i64,
    /// Of which invoiced.
    pub bill_run_done: i64,
    /// E-mails waiting to be sent.
    pub outbox_pending: i64,
}

// The outbox's retry schedule, applied by [`PlatformTx::mark_email`].

/// Attempts before a message is given up (the last about a day after the
/// first, with the backoff below).
pub const MAX_ATTEMPTS: i32 = 12;

/// How long to wait after the `attempts`-th failure: 30 s doubling, at
/// most an hour.
pub fn backoff(attempts: i32) -> chrono::Duration {
    let secs = 30i64.saturating_mul(1i64 << attempts.clamp(0, 7));
    chrono::Duration::seconds(secs.min(3_600))
}
