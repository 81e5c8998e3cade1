//! Outbound webhooks: a seller's endpoints, the events they receive, and
//! each delivery's outcome.
//!
//! A delivery is a `POST` of one [`WebhookEvent`] as JSON, signed the way
//! Stripe signs its own: the header [`SIGNATURE_HEADER`] carries
//! `t={unix seconds},v1={hex}`, where `v1` is HMAC-SHA256 of
//! `"{t}.{body}"` under the endpoint's secret (`whsec_…`).

use crate::status::{WebhookDeliveryStatus, text_enum};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The header that carries a delivery's signature.
pub const SIGNATURE_HEADER: &str = "Ringledger-Signature";

/// The header that repeats the event's id (receivers deduplicate on it).
pub const EVENT_ID_HEADER: &str = "Ringledger-Event-Id";

text_enum! {
    /// What happened: the event types an endpoint can subscribe to.
    pub enum WebhookEventType {
        /// A customer was created (in the console, the API or by portal sign-up).
        CustomerCreated = "customer.created",
        /// A customer was suspended, reactivated or closed.
        CustomerStatusChanged = "customer.status_changed",
        /// A service (calling card, PINless, SIP, video) was added to an account.
        ServiceCreated = "service.created",
        /// An invoice was issued (by a bill run or a closing account).
        InvoiceIssued = "invoice.issued",
        /// An invoice was paid in full.
        InvoicePaid = "invoice.paid",
        /// A payment succeeded and was credited.
        PaymentSucceeded = "payment.succeeded",
        /// A card payment failed.
        PaymentFailed = "payment.failed",
        /// A payment was refunded (in part or in full).
        RefundCreated = "refund.created",
        /// A prepaid account's balance fell below its alert threshold.
        BalanceLow = "balance.low",
        /// A bill run invoiced every due account.
        BillRunFinished = "bill_run.finished",
    }
}

impl WebhookEventType {
    /// What the console says it means.
    pub fn label(self) -> &'static str {
        match self {
            WebhookEventType::CustomerCreated => "A customer was created",
            WebhookEventType::CustomerStatusChanged => {
                "A customer was suspended, reactivated or closed"
            }
            WebhookEventType::ServiceCreated => "A service was added to an account",
            WebhookEventType::InvoiceIssued => "An invoice was issued",
            WebhookEventType::InvoicePaid => "An invoice was paid in full",
            WebhookEventType::PaymentSucceeded => "A payment succeeded",
            WebhookEventType::PaymentFailed => "A card payment failed",
            WebhookEventType::RefundCreated => "A payment was refunded",
            WebhookEventType::BalanceLow => "A balance fell below its alert threshold",
            WebhookEventType::BillRunFinished => "A bill run finished",
        }
    }
}

/// What is delivered: one event, the same for every endpoint and every
/// retry (receivers deduplicate on `id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WebhookEvent {
    /// The event's unique id (`evt_…`); a retry or a replay repeats it.
    pub id: String,
    /// Always `"event"`.
    pub object: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: WebhookEventType,
    /// When it happened (unix seconds).
    pub created: i64,
    /// The version of this payload's shape.
    pub api_version: String,
    /// The object it happened to.
    pub data: WebhookEventData,
}

/// The object of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WebhookEventData {
    /// The object as it was when the event happened: always `id` and
    /// `object` (`customer`, `service`, `invoice`, `payment`, `refund`,
    /// `account`, `bill_run`), then fields of its kind. Money is a decimal
    /// string with its currency.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub object: serde_json::Value,
}

/// The payload shape's version.
pub const API_VERSION: &str = "2026-12-01";

/// One endpoint (never its secret, but once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WebhookEndpointView {
    /// Its id.
    pub id: Uuid,
    /// Where events are posted.
    pub url: String,
    /// What it is for.
    pub description: String,
    /// The events it receives.
    pub events: Vec<WebhookEventType>,
    /// `false`: nothing is sent to it.
    pub enabled: bool,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// The signing secret (`whsec_…`): only in the answer that creates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Deliveries still to be made (first tries and retries).
    #[serde(default)]
    pub pending: u64,
    /// Deliveries given up after three days of retries.
    #[serde(default)]
    pub failed: u64,
}

/// `POST /api/v1/webhook-endpoints`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateWebhookEndpointRequest {
    /// An `https://` address on the public internet.
    #[serde(default)]
    pub url: String,
    /// What it is for, e.g. "CRM".
    #[serde(default)]
    pub description: String,
    /// The event types to send (at least one).
    #[serde(default)]
    pub events: Vec<String>,
}

/// `PATCH /api/v1/webhook-endpoints/{id}`: the fields given change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UpdateWebhookEndpointRequest {
    /// A new address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A new set of event types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
    /// Pause (`false`) or resume (`true`) deliveries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// One delivery of one event to one endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WebhookDeliveryView {
    /// The delivery's id.
    pub id: Uuid,
    /// The event delivered (`evt_…`).
    pub event_id: String,
    /// Its type.
    pub event_type: WebhookEventType,
    /// The object it is about.
    pub object_id: Uuid,
    /// `pending`, `delivered` or `failed` (given up).
    pub status: WebhookDeliveryStatus,
    /// Attempts so far.
    pub attempts: i32,
    /// The HTTP status of the last attempt (none: no answer).
    pub response_code: Option<i32>,
    /// How long the last attempt took, in milliseconds.
    pub latency_ms: Option<i32>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// When it was last tried.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// When it is tried next (pending only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the endpoint accepted it.
    pub delivered_at: Option<DateTime<Utc>>,
    /// The delivery this one replays.
    pub replay_of: Option<Uuid>,
}

/// `GET /api/v1/webhook-endpoints/{id}/deliveries`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WebhookDeliveryPage {
    /// The deliveries of the page.
    pub deliveries: Vec<WebhookDeliveryView>,
    /// Pass as `before` for the next (older) page; none at the end.
    pub next_before: Option<Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_spell_as_documented() {
        assert_eq!(WebhookEventType::ALL.len(), 10);
        assert_eq!(
            WebhookEventType::parse("invoice.issued"),
            Some(WebhookEventType::InvoiceIssued)
        );
        assert_eq!(
            WebhookEventType::BillRunFinished.as_str(),
            "bill_run.finished"
        );
        assert_eq!(WebhookEventType::parse("invoice.created"), None);
        for t in WebhookEventType::ALL {
            assert!(!t.label().is_empty());
        }
    }
}
