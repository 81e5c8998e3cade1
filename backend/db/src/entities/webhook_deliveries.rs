//! `webhook_deliveries`: one event to one endpoint, with its last attempt.

use ringledger_shared::api::webhooks::WebhookEventType;
use ringledger_shared::status::WebhookDeliveryStatus;
use sea_orm::entity::prelude::*;

/// One delivery (the outbox row the sender claims).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Time-ordered (UUIDv7): the order deliveries of one object are made in.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub event_id: Uuid,
    pub kind: WebhookEventType,
    /// The event's object (deliveries of one object go out in order).
    pub object_id: Uuid,
    pub status: WebhookDeliveryStatus,
    pub attempts: i32,
    /// When it may be tried (also the lease of a claimed one).
    pub next_attempt_at: Option<DateTimeUtc>,
    pub last_attempt_at: Option<DateTimeUtc>,
    pub response_code: Option<i32>,
    pub latency_ms: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The delivery this one replays.
    pub replay_of: Option<Uuid>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
