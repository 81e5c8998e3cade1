//! The audit log as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// One audit event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuditEventView {
    /// Its number in the tenant's chain (1, 2, 3…).
    pub seq: i64,
    /// Its id.
    pub id: Uuid,
    /// When.
    pub at: DateTime<Utc>,
    /// `staff`, `api_key`, `customer`, `switch_key`, `scheduler`, `admin`
    /// or `anonymous`.
    pub actor_kind: String,
    /// The actor's id.
    pub actor_id: Option<Uuid>,
    /// The actor's e-mail or name.
    pub actor: String,
    /// What happened, e.g. `balance.adjusted`.
    pub action: String,
    /// The kind of object changed.
    pub object_type: String,
    /// The object's id.
    pub object_id: Option<String>,
    /// The customer it concerns.
    pub customer_id: Option<Uuid>,
    /// `{field: {"from": …, "to": …}}` (secrets never).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub changes: serde_json::Value,
    /// The client's address.
    pub ip: Option<String>,
    /// The request's id.
    pub request_id: Option<String>,
}

/// The filters of `GET /api/v1/audit-events` (and its CSV export).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams, ToSchema))]
pub struct AuditQuery {
    /// Events of this actor (id).
    pub actor_id: Option<String>,
    /// Of this kind of object (`account`, `user`, `plan`…).
    pub object_type: Option<String>,
    /// Of this object.
    pub object_id: Option<String>,
    /// Concerning this customer.
    pub customer_id: Option<String>,
    /// Actions starting with this (`balance.`, `auth.login_failed`).
    pub action: Option<String>,
    /// From this day (`YYYY-MM-DD`, inclusive).
    pub from: Option<String>,
    /// To this day (inclusive).
    pub to: Option<String>,
    /// Events numbered below this (the next page).
    pub before: Option<String>,
    /// At most this many (default 100, at most 500).
    pub limit: Option<String>,
}
