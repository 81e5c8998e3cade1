//! `tenants`: one row per operator (platform table, no `tenant_id`).

use ringledger_shared::api::TenantStatus;
use ringledger_shared::status::PlanStatus;
use sea_orm::entity::prelude::*;

/// An operator.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub company_name: String,
    pub currency: String,
    pub country: Option<String>,
    pub status: TenantStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The operator's Ringledger plan: `none` (not billed), `trialing`,
    /// `active`, `past_due` or `canceled`.
    pub plan_status: PlanStatus,
    pub stripe_customer_id: Option<String>,
    pub stripe_subscription_id: Option<String>,
    /// End of the paid (or trial) period.
    pub plan_period_end: Option<DateTimeUtc>,
    /// When the plan's payment first failed (grace period starts).
    pub past_due_since: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
