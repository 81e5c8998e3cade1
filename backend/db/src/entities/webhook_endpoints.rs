//! `webhook_endpoints`: where a seller's events are posted.

use sea_orm::entity::prelude::*;

/// One endpoint.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The seller whose events it receives.
    pub seller_id: Uuid,
    pub url: String,
    pub description: String,
    /// The event types, comma-separated.
    pub events: String,
    /// The signing secret, sealed with the secret box.
    pub secret_sealed: String,
    pub enabled: bool,
    /// The member who registered it.
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    /// Removed (kept for its deliveries' history).
    pub deleted_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
