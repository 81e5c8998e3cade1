//! `audit_events`: the tenant's append-only, hash-chained audit log.

use sea_orm::entity::prelude::*;

/// One event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// 1, 2, 3… per tenant, without gaps.
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub id: Uuid,
    /// When (to the microsecond).
    pub at: DateTimeUtc,
    /// `staff`, `api_key`, `customer`, `switch_key`, `scheduler`, `admin`
    /// or `anonymous`.
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    /// The actor's e-mail or name, as it was.
    pub actor_label: String,
    /// The seller whose books or console the event belongs to.
    pub seller_id: Option<Uuid>,
    /// The customer it concerns (their page shows it).
    pub customer_id: Option<Uuid>,
    /// What happened, e.g. `balance.adjusted`.
    pub action: String,
    /// The kind of object changed, e.g. `account`.
    pub object_type: String,
    pub object_id: Option<String>,
    /// JSON: `{field: {"from": …, "to": …}}` (secrets never).
    pub changes: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    /// The previous event's hash (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 of this event's fields and `prev_hash`.
    pub hash: String,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
