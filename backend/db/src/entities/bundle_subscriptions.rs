//! `bundle_subscriptions`: a bundle an account subscribes to.

use ringledger_shared::status::SubscriptionStatus;
use sea_orm::entity::prelude::*;

/// A row of `bundle_subscriptions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bundle_subscriptions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub account_id: ringledger_shared::ids::AccountId,
    pub bundle_id: ringledger_shared::ids::BundleId,
    pub status: SubscriptionStatus,
    pub started_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
