//! A seller's team: its members (the `users` of the seller), the
//! invitations to join it, and the API keys of its own systems. Every query filters on the tenant; the seller is
//! the caller's (a use case passes its own staff member's seller).

use super::aggregates::Team;
use crate::entities::{api_keys, staff_invitations, users};
use chrono::{DateTime, Utc};
use ringledger_shared::ids::{SellerId, UserId};
use ringledger_shared::status::StaffRole;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

impl Team<'_> {
    /// The members of `seller`, oldest first.
    pub async fn members(&self, seller: SellerId) -> Result<Vec<users::Model>, DbErr> {
        users::Entity::find()
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::SellerId.eq(seller.as_uuid()))
            .order_by_asc(users::Column::CreatedAt)
            .all(&self.tx)
            .await
    }

    /// The active owners of `seller`, locked until the transaction ends on
    /// PostgreSQL (two owners demoting each other at the same moment: the
    /// second waits and sees the first's change). SQLite serialises writers.
    pub async fn lock_owners(&self, seller: SellerId) -> Result<Vec<users::Model>, DbErr> {
        let mut q = users::Entity::find()
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::SellerId.eq(seller.as_uuid()))
            .filter(users::Column::Role.eq(StaffRole::Owner))
            .filter(users::Column::DeactivatedAt.is_null());
        if self.db_backend() == sea_orm::DbBackend::Postgres {
            q = q.lock_exclusive();
        }
        q.all(&self.tx).await
    }

    /// Changes a member's role.
    pub async fn set_role(&self, user: UserId, role: StaffRole) -> Result<(), DbErr> {
        users::Entity::update_many()
            .col_expr(users::Column::Role, Expr::value(role))
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::Id.eq(user.as_uuid()))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Deactivates (`Some`) or reactivates (`None`) a member.
    pub async fn set_deactivated(
        &self,
        user: UserId,
        at: Option<DateTime<Utc>>,
    ) -> Result<(), DbErr> {
        users::Entity::update_many()
            .col_expr(users::Column::DeactivatedAt, Expr::value(at))
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::Id.eq(user.as_uuid()))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Stores an invitation (its `tenant_id` is forced).
    pub async fn insert_invitation(
        &self,
        mut m: staff_invitations::Model,
    ) -> Result<staff_invitations::Model, DbErr> {
        m.tenant_id = self.tid();
        staff_invitations::ActiveModel::from(m)
            .insert(&self.tx)
            .await
    }

    /// An invitation of `seller` by id.
    pub async fn invitation(
        &self,
        seller: SellerId,
        id: Uuid,
    ) -> Result<Option<staff_invitations::Model>, DbErr> {
        staff_invitations::Entity::find_by_id((self.tid(), id))
            .filter(staff_invitations::Column::SellerId.eq(seller.as_uuid()))
            .one(&self.tx)
            .await
    }

    /// The invitation whose link secret hashes to `hash`.
    pub async fn invitation_by_hash(
        &self,
        hash: &str,
    ) -> Result<Option<staff_invitations::Model>, DbErr> {
        staff_invitations::Entity::find()
            .filter(staff_invitations::Column::TenantId.eq(self.tid()))
            .filter(staff_invitations::Column::TokenHash.eq(hash))
            .one(&self.tx)
            .await
    }

    /// The invitations of `seller` still waiting for an answer (neither
    /// accepted nor withdrawn; expired ones included), newest first.
    pub async fn open_invitations(
        &self,
        seller: SellerId,
    ) -> Result<Vec<staff_invitations::Model>, DbErr> {
        staff_invitations::Entity::find()
            .filter(staff_invitations::Column::TenantId.eq(self.tid()))
            .filter(staff_invitations::Column::SellerId.eq(seller.as_uuid()))
            .filter(staff_invitations::Column::AcceptedAt.is_null())
            .filter(staff_invitations::Column::RevokedAt.is_null())
            .order_by_desc(staff_invitations::Column::CreatedAt)
            .all(&self.tx)
            .await
    }

    /// Withdraws every open invitation of `seller` to `email` (a new one
    /// replaces them). Answers how many.
    pub async fn withdraw_invitations_to(
        &self,
        seller: SellerId,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, DbErr> {
        let res = staff_invitations::Entity::update_many()
            .col_expr(staff_invitations::Column::RevokedAt, Expr::value(now))
            .filter(staff_invitations::Column::TenantId.eq(self.tid()))
            .filter(staff_invitations::Column::SellerId.eq(seller.as_uuid()))
            .filter(staff_invitations::Column::Email.eq(email))
            .filter(staff_invitations::Column::AcceptedAt.is_null())
            .filter(staff_invitations::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected)
    }

    /// Withdraws one open invitation; `false` when it was no longer open.
    pub async fn withdraw_invitation(&self, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let res = staff_invitations::Entity::update_many()
            .col_expr(staff_invitations::Column::RevokedAt, Expr::value(now))
            .filter(staff_invitations::Column::TenantId.eq(self.tid()))
            .filter(staff_invitations::Column::Id.eq(id))
            .filter(staff_invitations::Column::AcceptedAt.is_null())
            .filter(staff_invitations::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Spends an invitation's link: `true` for exactly one of any number of
    /// concurrent attempts, and only while it is open (the caller checks
    /// the expiry).
    pub async fn spend_invitation(&self, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let res = staff_invitations::Entity::update_many()
            .col_expr(staff_invitations::Column::AcceptedAt, Expr::value(now))
            .filter(staff_invitations::Column::TenantId.eq(self.tid()))
            .filter(staff_invitations::Column::Id.eq(id))
            .filter(staff_invitations::Column::AcceptedAt.is_null())
            .filter(staff_invitations::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Stores an API key (its `tenant_id` is forced).
    pub async fn insert_api_key(&self, mut m: api_keys::Model) -> Result<api_keys::Model, DbErr> {
        m.tenant_id = self.tid();
        api_keys::ActiveModel::from(m).insert(&self.tx).await
    }

    /// An API key by id.
    pub async fn api_key(&self, id: Uuid) -> Result<Option<api_keys::Model>, DbErr> {
        api_keys::Entity::find_by_id((self.tid(), id))
            .one(&self.tx)
            .await
    }

    /// The API keys of `seller`, newest first.
    pub async fn api_keys(&self, seller: SellerId) -> Result<Vec<api_keys::Model>, DbErr> {
        api_keys::Entity::find()
            .filter(api_keys::Column::TenantId.eq(self.tid()))
            .filter(api_keys::Column::SellerId.eq(seller.as_uuid()))
            .order_by_desc(api_keys::Column::CreatedAt)
            .all(&self.tx)
            .await
    }

    /// Revokes an API key; `false` when it was revoked already.
    pub async fn revoke_api_key(&self, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let res = api_keys::Entity::update_many()
            .col_expr(api_keys::Column::RevokedAt, Expr::value(now))
            .filter(api_keys::Column::TenantId.eq(self.tid()))
            .filter(api_keys::Column::Id.eq(id))
            .filter(api_keys::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Records a use of an API key.
    pub async fn touch_api_key(
        &self,
        id: Uuid,
        now: DateTime<Utc>,
        ip: Option<String>,
    ) -> Result<(), DbErr> {
        api_keys::Entity::update_many()
            .col_expr(api_keys::Column::LastUsedAt, Expr::value(now))
            .col_expr(api_keys::Column::LastUsedIp, Expr::value(ip))
            .filter(api_keys::Column::TenantId.eq(self.tid()))
            .filter(api_keys::Column::Id.eq(id))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Stores (or clears) the secret being enrolled, sealed.
    pub async fn set_totp_pending(
        &self,
        user: UserId,
        sealed: Option<String>,
    ) -> Result<(), DbErr> {
        users::Entity::update_many()
            .col_expr(users::Column::TotpPending, Expr::value(sealed))
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::Id.eq(user.as_uuid()))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Turns two-factor sign-in on (`Some`: the sealed secret, when, the
    /// recovery codes' hashes as JSON) or off (`None`).
    pub async fn set_totp(
        &self,
        user: UserId,
        on: Option<(String, DateTime<Utc>, String)>,
    ) -> Result<(), DbErr> {
        let (secret, at, codes) = match on {
            Some((s, at, c)) => (Some(s), Some(at), Some(c)),
            None => (None, None, None),
        };
        users::Entity::update_many()
            .col_expr(users::Column::TotpSecret, Expr::value(secret))
            .col_expr(users::Column::TotpPending, Expr::value(None::<String>))
            .col_expr(users::Column::TotpEnabledAt, Expr::value(at))
            .col_expr(users::Column::TotpLastStep, Expr::value(None::<i64>))
            .col_expr(users::Column::RecoveryCodes, Expr::value(codes))
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::Id.eq(user.as_uuid()))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Records that the code of time step `step` signed in: `false` when
    /// that step (or a later one) was used already — a code works once.
    pub async fn use_totp_step(&self, user: UserId, step: i64) -> Result<bool, DbErr> {
        let res = users::Entity::update_many()
            .col_expr(users::Column::TotpLastStep, Expr::value(step))
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::Id.eq(user.as_uuid()))
            .filter(
                sea_orm::Condition::any()
                    .add(users::Column::TotpLastStep.is_null())
                    .add(users::Column::TotpLastStep.lt(step)),
            )
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Replaces the unused recovery codes `old` by `new` (compare-and-set:
    /// `false` when another sign-in used one meanwhile).
    pub async fn use_recovery_code(
        &self,
        user: UserId,
        old: &str,
        new: &str,
    ) -> Result<bool, DbErr> {
        let res = users::Entity::update_many()
            .col_expr(users::Column::RecoveryCodes, Expr::value(new))
            .filter(users::Column::TenantId.eq(self.tid()))
            .filter(users::Column::Id.eq(user.as_uuid()))
            .filter(users::Column::RecoveryCodes.eq(old))
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Requires (or not) two-factor sign-in of `seller`'s whole team.
    pub async fn set_require_two_factor(&self, seller: SellerId, on: bool) -> Result<(), DbErr> {
        use crate::entities::sellers;
        sellers::Entity::update_many()
            .col_expr(sellers::Column::RequireTwoFactor, Expr::value(on))
            .filter(sellers::Column::TenantId.eq(self.tid()))
            .filter(sellers::Column::Id.eq(seller.as_uuid()))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }
}
