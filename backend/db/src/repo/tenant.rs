//! Queries on tenant tables, every one filtered by the transaction's tenant.

use super::conn::TxConn;
use super::{Generations, enter_tenant_scope};
use crate::entities::{refresh_tokens, sellers, tenants, users};
use chrono::{DateTime, Utc};
use ringledger_shared::ids::{SellerId, TenantId, UserId};
use ringledger_shared::status::SubjectKind;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use uuid::Uuid;

/// A transaction in which every query is scoped to one tenant.
pub struct TenantTx {
    pub(super) tx: TxConn,
    pub(super) tenant: TenantId,
    /// Bumped on commit when a statement ran in it that moves the write
    /// generation (`conn::moves_generation`: any write, or for a quiet
    /// transaction a write outside its bookkeeping tables).
    gens: Arc<Generations>,
    /// Set when this transaction queued an e-mail (see [`Committed`]).
    mail_queued: AtomicBool,
    /// Set when this transaction queued a webhook delivery.
    webhooks_queued: AtomicBool,
    /// Set when this transaction changed which numbers services hold (or
    /// the on-net rate).
    numbers_changed: AtomicBool,
    /// Set when the transaction began as the platform's and wrote there
    /// ([`super::PlatformTx::into_tenant`]): its commit moves the
    /// platform's generation as well.
    pub(super) platform_written: bool,
    /// Set once this transaction dropped the connection's cached plans
    /// ([`TenantTx::plan_afresh`]).
    fresh_plans: AtomicBool,
    /// This writer's turn on SQLite, released after the transaction (the
    /// last field: dropped after `tx`).
    _turn: super::WriteTurn,
}

/// What a committed transaction leaves for its caller to do.
#[derive(Debug, Clone, Copy, Default)]
pub struct Committed {
    /// The transaction queued e-mail: the caller kicks the sender now
    /// rather than leave it to the next periodic pass.
    pub mail_queued: bool,
    /// The transaction queued webhook deliveries: the caller kicks their
    /// sender.
    pub webhooks_queued: bool,
}

impl TenantTx {
    pub(super) async fn scope(
        tx: TxConn,
        tenant: TenantId,
        gens: Arc<Generations>,
        turn: super::WriteTurn,
    ) -> Result<Self, DbErr> {
        enter_tenant_scope(&tx, tenant).await?;
        Ok(Self::from_tx(tx, tenant, gens, turn))
    }

    pub(super) fn from_tx(
        tx: TxConn,
        tenant: TenantId,
        gens: Arc<Generations>,
        turn: super::WriteTurn,
    ) -> Self {
        Self {
            tx,
            tenant,
            gens,
            mail_queued: AtomicBool::new(false),
            webhooks_queued: AtomicBool::new(false),
            numbers_changed: AtomicBool::new(false),
            fresh_plans: AtomicBool::new(false),
            platform_written: false,
            _turn: turn,
        }
    }

    /// The tenant this transaction is bound to.
    pub fn tenant_id(&self) -> TenantId {
        self.tenant
    }

    pub(super) fn tid(&self) -> Uuid {
        self.tenant.as_uuid()
    }

    pub(super) fn db_backend(&self) -> sea_orm::DbBackend {
        sea_orm::ConnectionTrait::get_database_backend(&self.tx)
    }

    /// PostgreSQL: drops every plan the pooled connection cached
    /// (`DISCARD PLANS`), foreign-key checks included, so each statement is
    /// planned again at its next use, for the tables as they are then. For
    /// transactions that write many rows into tables that may have grown
    /// since a plan was cached (a bill run's chunks): a plan made while
    /// `invoices` or `journals` looked empty checks every new invoice line
    /// or posting by scanning the table whole, and a run grows slower chunk
    /// after chunk (issue 23). Planned again once, a statement goes back to
    /// its cached plan, so the checks of thousands of rows are not each
    /// planned (as `plan_cache_mode = force_custom_plan` did, which cost a
    /// full-size bill run a quarter of its time). SQLite: nothing to do.
    pub async fn plan_afresh(&self) -> Result<(), DbErr> {
        if self.db_backend() == sea_orm::DbBackend::Postgres
            && !self.fresh_plans.swap(true, Ordering::Relaxed)
        {
            sea_orm::ConnectionTrait::execute_unprepared(&self.tx, "DISCARD PLANS").await?;
        }
        Ok(())
    }

    /// Notes that this transaction queued an e-mail.
    pub(super) fn note_mail(&self) {
        self.mail_queued.store(true, Ordering::Relaxed);
    }

    /// Notes that this transaction changed which numbers services hold or
    /// the on-net rate.
    pub(super) fn note_numbers(&self) {
        self.numbers_changed.store(true, Ordering::Relaxed);
    }

    /// Notes that this transaction queued a webhook delivery.
    pub(super) fn note_webhook(&self) {
        self.webhooks_queued.store(true, Ordering::Relaxed);
    }

    /// Commits (and, for a transaction that wrote — a quiet one, outside
    /// its bookkeeping tables — moves the tenant's generation so in-memory
    /// copies of its rows are reloaded; one that only read leaves them;
    /// one continued from the platform's moves the platform's too, once
    /// committed).
    /// Answers what the caller has left to do, e.g. send the mail it queued.
    pub async fn commit(self) -> Result<Committed, DbErr> {
        let done = Committed {
            mail_queued: self.mail_queued.load(Ordering::Relaxed),
            webhooks_queued: self.webhooks_queued.load(Ordering::Relaxed),
        };
        let moved = self.tx.moved();
        self.tx.commit().await?;
        if moved {
            self.gens.bump_tenant(self.tenant);
            if self.numbers_changed.load(Ordering::Relaxed) {
                self.gens.bump_numbers(self.tenant);
            }
        }
        if self.platform_written {
            self.gens.bump_platform();
        }
        Ok(done)
    }

    /// The tenant row itself.
    pub async fn tenant(&self) -> Result<Option<tenants::Model>, DbErr> {
        tenants::Entity::find_by_id(self.tid()).one(&self.tx).await
    }

    /// The tenant's billing currency (USD if unreadable, which sign-up
    /// prevents).
    pub async fn currency(&self) -> Result<ringledger_shared::money::Currency, DbErr> {
        use ringledger_shared::money::Currency;
        Ok(self
            .tenant()
            .await?
            .and_then(|t| Currency::parse(&t.currency))
            .unwrap_or(Currency::USD))
    }

    /// Inserts a seller of this tenant (its `tenant_id` is forced).
    pub async fn insert_seller(&self, mut model: sellers::Model) -> Result<sellers::Model, DbErr> {
        model.tenant_id = self.tid();
        let am: sellers::ActiveModel = model.into();
        am.insert(&self.tx).await
    }

    /// A seller of this tenant.
    pub async fn seller(&self, id: SellerId) -> Result<Option<sellers::Model>, DbErr> {
        sellers::Entity::find_by_id((self.tid(), id.as_uuid()))
            .one(&self.tx)
            .await
    }

    /// Saves a seller's account settings.
    pub async fn update_seller_settings(&self, s: sellers::Model) -> Result<sellers::Model, DbErr> {
        let mut am: sellers::ActiveModel = s.clone().into();
        am.pin_length = sea_orm::Set(s.pin_length);
        am.account_kind = sea_orm::Set(s.account_kind);
        am.default_credit_limit = sea_orm::Set(s.default_credit_limit);
        am.billing_day = sea_orm::Set(s.billing_day);
        am.update(&self.tx).await
    }

    /// Inserts a staff user of this tenant.
    pub async fn insert_user(&self, mut model: users::Model) -> Result<users::Model, DbErr> {
        model.tenant_id = self.tid();
        let am: users::ActiveModel = model.into();
        am.insert(&self.tx).await
    }

    /// A staff user by (normalised) e-mail.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<users::Model>, DbErr> {
        users::Entity::find()
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::Email.eq(email))
            .one(&self.tx)
            .await
    }

    /// A staff user by id.
    pub async fn user(&self, id: UserId) -> Result<Option<users::Model>, DbErr> {
        users::Entity::find_by_id((self.tid(), id.as_uuid()))
            .one(&self.tx)
            .await
    }

    /// Sets a staff user's e-mail verification: the link's hash and expiry
    /// (a new link), or the time it was verified (the link is spent).
    pub async fn set_user_email_check(
        &self,
        id: UserId,
        token: Option<(String, DateTime<Utc>)>,
        verified_at: Option<DateTime<Utc>>,
    ) -> Result<(), DbErr> {
        let (hash, expires) = token.unzip();
        users::Entity::update_many()
            .col_expr(users::Column::EmailTokenHash, Expr::value(hash))
            .col_expr(users::Column::EmailTokenExpiresAt, Expr::value(expires))
            .col_expr(users::Column::EmailVerifiedAt, Expr::value(verified_at))
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::Id.eq(id.as_uuid()))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Records a successful login.
    pub async fn touch_login(&self, id: UserId, at: DateTime<Utc>) -> Result<(), DbErr> {
        users::Entity::update_many()
            .col_expr(
                users::Column::LastLoginAt,
                sea_orm::sea_query::Expr::value(at),
            )
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::Id.eq(id.as_uuid()))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Stores a refresh token of this tenant.
    pub async fn insert_refresh(&self, mut model: refresh_tokens::Model) -> Result<(), DbErr> {
        model.tenant_id = self.tid();
        let am: refresh_tokens::ActiveModel = model.into();
        am.insert(&self.tx).await.map(|_| ())
    }

    /// A refresh token of this tenant by id.
    pub async fn refresh(&self, id: Uuid) -> Result<Option<refresh_tokens::Model>, DbErr> {
        refresh_tokens::Entity::find_by_id((self.tid(), id))
            .one(&self.tx)
            .await
    }

    /// Revokes every live token of a refresh family.
    pub async fn revoke_family(&self, family: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
        refresh_tokens::Entity::update_many()
            .col_expr(
                refresh_tokens::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(refresh_tokens::Column::TenantId.eq(self.tid()))
            .filter(refresh_tokens::Column::FamilyId.eq(family))
            .filter(refresh_tokens::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Revokes every live refresh token of one login (a password change):
    /// each of its sessions ends at its next refresh.
    pub async fn revoke_subject_sessions(
        &self,
        kind: SubjectKind,
        subject: Uuid,
        now: DateTime<Utc>,
    ) -> Result<u64, DbErr> {
        let res = refresh_tokens::Entity::update_many()
            .col_expr(
                refresh_tokens::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(refresh_tokens::Column::TenantId.eq(self.tid()))
            .filter(refresh_tokens::Column::SubjectKind.eq(kind))
            .filter(refresh_tokens::Column::SubjectId.eq(subject))
            .filter(refresh_tokens::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected)
    }

    /// Whether session `family` is still live (not signed out or revoked).
    pub async fn family_live(&self, family: Uuid) -> Result<bool, DbErr> {
        Ok(refresh_tokens::Entity::find()
            .filter(refresh_tokens::Column::TenantId.eq(self.tid()))
            .filter(refresh_tokens::Column::FamilyId.eq(family))
            .filter(refresh_tokens::Column::RevokedAt.is_null())
            .one(&self.tx)
            .await?
            .is_some())
    }

    /// The live sessions of one login: the current refresh token of each
    /// family, newest first.
    pub async fn live_sessions(
        &self,
        kind: SubjectKind,
        subject: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<refresh_tokens::Model>, DbErr> {
        use sea_orm::QueryOrder;
        refresh_tokens::Entity::find()
            .filter(refresh_tokens::Column::TenantId.eq(self.tid()))
            .filter(refresh_tokens::Column::SubjectKind.eq(kind))
            .filter(refresh_tokens::Column::SubjectId.eq(subject))
            .filter(refresh_tokens::Column::RevokedAt.is_null())
            .filter(refresh_tokens::Column::ExpiresAt.gt(now))
            .order_by_desc(refresh_tokens::Column::CreatedAt)
            .all(&self.tx)
            .await
    }

    /// The refresh tokens with these ids (a session's first token has the
    /// session's id: when it was signed in).
    pub async fn refresh_rows(&self, ids: &[Uuid]) -> Result<Vec<refresh_tokens::Model>, DbErr> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        refresh_tokens::Entity::find()
            .filter(refresh_tokens::Column::TenantId.eq(self.tid()))
            .filter(super::one_of(
                self.db_backend(),
                refresh_tokens::Column::Id,
                ids,
            ))
            .all(&self.tx)
            .await
    }

    /// Stores a staff member's new password hash.
    pub async fn set_user_password(&self, id: UserId, hash: &str) -> Result<(), DbErr> {
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(hash))
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::Id.eq(id.as_uuid()))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Revokes every live refresh token of one login but those of session
    /// `keep` (a password change: the session that made it stays signed in).
    pub async fn revoke_other_sessions(
        &self,
        kind: SubjectKind,
        subject: Uuid,
        keep: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<u64, DbErr> {
        let mut q = refresh_tokens::Entity::update_many()
            .col_expr(
                refresh_tokens::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(refresh_tokens::Column::TenantId.eq(self.tid()))
            .filter(refresh_tokens::Column::SubjectKind.eq(kind))
            .filter(refresh_tokens::Column::SubjectId.eq(subject))
            .filter(refresh_tokens::Column::RevokedAt.is_null());
        if let Some(keep) = keep {
            q = q.filter(refresh_tokens::Column::FamilyId.ne(keep));
        }
        Ok(q.exec(&self.tx).await?.rows_affected)
    }

    /// Revokes one refresh token; `false` if it was already revoked (a
    /// concurrent rotation won).
    pub async fn revoke_refresh(&self, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let res = refresh_tokens::Entity::update_many()
            .col_expr(
                refresh_tokens::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(refresh_tokens::Column::TenantId.eq(self.tid()))
            .filter(refresh_tokens::Column::Id.eq(id))
            .filter(refresh_tokens::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Test hook for the row-level-security proof: reads *all* users without
    /// the tenant filter, as a forgotten filter would. On PostgreSQL the
    /// policy must still return only this tenant's rows.
    #[doc(hidden)]
    pub async fn unfiltered_user_emails_for_rls_test(&self) -> Result<Vec<String>, DbErr> {
        Ok(users::Entity::find()
            .all(&self.tx)
            .await?
            .into_iter()
            .map(|u| u.email)
            .collect())
    }
}
