//! Writing events: in the caller's transaction, so an event exists if and
//! only if its cause committed, with one delivery per endpoint listening
//! for its type (the seller's own and those of the sellers above it).

use chrono::{DateTime, Utc};
use ringledger_db::entities::{webhook_deliveries, webhook_endpoints, webhook_events};
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::webhooks::{
    API_VERSION, WebhookEvent, WebhookEventData, WebhookEventType,
};
use ringledger_shared::ids::SellerId;
use ringledger_shared::status::WebhookDeliveryStatus;
use sea_orm::DbErr;
use std::collections::HashMap;
use uuid::Uuid;

/// One event to write.
#[derive(Debug, Clone)]
pub struct Emit {
    /// What happened.
    pub kind: WebhookEventType,
    /// The seller whose object it is.
    pub seller: Uuid,
    /// The object's id (deliveries of one object keep their order).
    pub object_id: Uuid,
    /// The object as receivers see it (`data.object`).
    pub object: serde_json::Value,
    /// When it happened.
    pub at: DateTime<Utc>,
}

impl Emit {
    /// An event about `object_id` of `seller`, whose `data.object` is
    /// `{"id": object_id, "object": object_type, ...fields}`.
    pub fn new(
        kind: WebhookEventType,
        seller: impl Into<Uuid>,
        object_type: &str,
        object_id: impl Into<Uuid>,
        fields: serde_json::Value,
        at: DateTime<Utc>,
    ) -> Self {
        let object_id = object_id.into();
        let mut object = serde_json::Map::new();
        object.insert("id".into(), object_id.to_string().into());
        object.insert("object".into(), object_type.into());
        if let serde_json::Value::Object(fields) = fields {
            object.extend(fields);
        }
        Self {
            kind,
            seller: seller.into(),
            object_id,
            object: serde_json::Value::Object(object),
            at,
        }
    }
}

/// The id receivers see for the stored event `id`: `evt_` and its hex.
pub fn wire_id(id: Uuid) -> String {
    format!("evt_{}", id.simple())
}

/// Whether any of `endpoints` (the tenant's listening ones) listens for
/// `kind` (a bill run asks once per chunk before it builds the events of
/// its invoices).
pub fn anyone_listens(endpoints: &[webhook_endpoints::Model], kind: WebhookEventType) -> bool {
    endpoints.iter().any(|e| listens(e, kind))
}

/// Writes `event` and its deliveries in `tx` (nothing when no endpoint
/// listens for it).
pub async fn emit(tx: &TenantTx, event: Emit) -> Result<(), DbErr> {
    emit_many(tx, vec![event]).await
}

/// Writes many events at once (a bill run's chunk): one query for the
/// endpoints, one insert per table.
pub async fn emit_many(tx: &TenantTx, events: Vec<Emit>) -> Result<(), DbErr> {
    if events.is_empty() {
        return Ok(());
    }
    let endpoints = tx.webhooks().listening().await?;
    emit_to(tx, &endpoints, events).await
}

/// [`emit_many`] to endpoints the caller already read
/// (`tx.webhooks().listening()`).
pub async fn emit_to(
    tx: &TenantTx,
    endpoints: &[webhook_endpoints::Model],
    events: Vec<Emit>,
) -> Result<(), DbErr> {
    if events.is_empty() || endpoints.is_empty() {
        return Ok(());
    }
    let mut chains = Chains::default();
    let (mut rows, mut deliveries) = (Vec::new(), Vec::new());
    for event in events {
        let mut to = Vec::new();
        for endpoint in endpoints {
            if listens(endpoint, event.kind)
                && chains.covers(tx, endpoint.seller_id, event.seller).await?
            {
                to.push(endpoint.id);
            }
        }
        if to.is_empty() {
            continue;
        }
        let id = Uuid::now_v7();
        let payload = WebhookEvent {
            id: wire_id(id),
            object: "event".into(),
            kind: event.kind,
            created: event.at.timestamp(),
            api_version: API_VERSION.into(),
            data: WebhookEventData {
                object: event.object,
            },
        };
        let payload = serde_json::to_string(&payload).map_err(|e| DbErr::Custom(e.to_string()))?;
        deliveries.extend(
            to.into_iter().map(|endpoint| {
                delivery(endpoint, id, &event.kind, event.object_id, event.at, None)
            }),
        );
        rows.push(webhook_events::Model {
            tenant_id: tx.tenant_id().as_uuid(),
            id,
            seller_id: event.seller,
            kind: event.kind,
            object_id: event.object_id,
            payload,
            created_at: event.at,
        });
    }
    tx.webhooks().insert_events(rows, deliveries).await
}

/// A new pending delivery of event `event_id` to `endpoint`.
pub fn delivery(
    endpoint: Uuid,
    event_id: Uuid,
    kind: &WebhookEventType,
    object_id: Uuid,
    at: DateTime<Utc>,
    replay_of: Option<Uuid>,
) -> webhook_deliveries::Model {
    webhook_deliveries::Model {
        tenant_id: Uuid::nil(),
        id: Uuid::now_v7(),
        endpoint_id: endpoint,
        event_id,
        kind: *kind,
        object_id,
        status: WebhookDeliveryStatus::Pending,
        attempts: 0,
        next_attempt_at: None,
        last_attempt_at: None,
        response_code: None,
        latency_ms: None,
        last_error: None,
        delivered_at: None,
        created_at: at,
        replay_of,
    }
}

/// The event types an endpoint's stored list names.
pub fn subscribed(endpoint: &webhook_endpoints::Model) -> Vec<WebhookEventType> {
    endpoint
        .events
        .split(',')
        .filter_map(|t| WebhookEventType::parse(t.trim()))
        .collect()
}

fn listens(endpoint: &webhook_endpoints::Model, kind: WebhookEventType) -> bool {
    endpoint
        .events
        .split(',')
        .any(|t| t.trim() == kind.as_str())
}

/// Which sellers sit above which (looked up once per seller per call).
#[derive(Default)]
struct Chains(HashMap<Uuid, Vec<Uuid>>);

impl Chains {
    /// Whether an endpoint of `listener` hears events of `seller`: its
    /// own, and those of every reseller below it.
    async fn covers(&mut self, tx: &TenantTx, listener: Uuid, seller: Uuid) -> Result<bool, DbErr> {
        if listener == seller {
            return Ok(true);
        }
        if let std::collections::hash_map::Entry::Vacant(slot) = self.0.entry(seller) {
            let mut chain = Vec::new();
            let mut at = Some(seller);
            // A reseller tree is a few levels deep; the bound stops a cycle.
            while let Some(id) = at.filter(|_| chain.len() < 32) {
                chain.push(id);
                at = tx.seller(SellerId(id)).await?.and_then(|s| s.parent_id);
            }
            slot.insert(chain);
        }
        Ok(self.0.get(&seller).is_some_and(|c| c.contains(&listener)))
    }
}
