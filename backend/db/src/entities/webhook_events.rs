//! `webhook_events`: what happened, written in its cause's transaction.

use ringledger_shared::api::webhooks::WebhookEventType;
use sea_orm::entity::prelude::*;

/// One event (its id is the `evt_…` receivers see).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The seller whose object it is.
    pub seller_id: Uuid,
    pub kind: WebhookEventType,
    pub object_id: Uuid,
    /// The JSON body every delivery posts, byte for byte.
    pub payload: String,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
