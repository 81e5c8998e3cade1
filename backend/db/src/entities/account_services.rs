//! `account_services`: one service (calling card, PINless, SIP, video) on an account.

use ringledger_shared::rating::ServiceKind;
use ringledger_shared::status::ServiceStatus;
use sea_orm::entity::prelude::*;

/// A row of `account_services`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_services")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ringledger_shared::ids::ServiceId,
    pub account_id: ringledger_shared::ids::AccountId,
    pub kind: ServiceKind,
    pub plan_id: Option<ringledger_shared::ids::PlanId>,
    pub bundle_subscription_id: Option<Uuid>,
    pub status: ServiceStatus,
    pub created_at: DateTimeUtc,
    /// When the service was cancelled (recurring fees stop that day).
    pub ended_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
