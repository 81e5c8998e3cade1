//! The audit log: appending an event to the tenant's chain (in the caller's
//! transaction, after locking the chain's head so two transactions cannot
//! fork it), reading events back with filters, and walking the chain.

use super::aggregates::Audit;
use crate::entities::{audit_events, audit_heads};
use chrono::{DateTime, Timelike, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The `prev_hash` of a tenant's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event to append (the chain fields are filled in by [`Audit::append`]).
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// When it happened (kept to the microsecond).
    pub at: DateTime<Utc>,
    /// Who: `staff`, `api_key`, `customer`, `switch_key`, `scheduler`,
    /// `admin` or `anonymous`.
    pub actor_kind: &'static str,
    /// The actor's id, when it has one.
    pub actor_id: Option<Uuid>,
    /// The actor's e-mail or name.
    pub actor_label: String,
    /// The seller it belongs to.
    pub seller_id: Option<Uuid>,
    /// The customer it concerns.
    pub customer_id: Option<Uuid>,
    /// What happened (`balance.adjusted`).
    pub action: String,
    /// The kind of object (`account`).
    pub object_type: String,
    /// The object's id.
    pub object_id: Option<String>,
    /// JSON of the changed fields.
    pub changes: String,
    /// The client's address.
    pub ip: Option<String>,
    /// The request's id.
    pub request_id: Option<String>,
}

/// What [`Audit::list`] selects (every field optional).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Events of this actor (id).
    pub actor_id: Option<Uuid>,
    /// Of this kind of object.
    pub object_type: Option<String>,
    /// Of this object.
    pub object_id: Option<String>,
    /// Concerning this customer.
    pub customer_id: Option<Uuid>,
    /// Whose action starts with this (`balance.` or `balance.adjusted`).
    pub action: Option<String>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
    /// Of this seller (and none: every seller).
    pub sellers: Option<Vec<Uuid>>,
    /// Older than this number (paging back).
    pub before_seq: Option<i64>,
}

/// The SHA-256 (hex) chaining an event: of its number, its fields and the
/// previous event's hash, in a fixed order (a JSON array, so no field can
/// bleed into the next).
pub fn chain_hash(e: &audit_events::Model) -> String {
    let canonical = serde_json::json!([
        e.seq,
        e.id,
        e.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        e.actor_kind,
        e.actor_id,
        e.actor_label,
        e.seller_id,
        e.customer_id,
        e.action,
        e.object_type,
        e.object_id,
        e.changes,
        e.ip,
        e.request_id,
        e.prev_hash,
    ]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

impl Audit<'_> {
    /// Appends `e` to the tenant's chain: locks the head (PostgreSQL: the
    /// row; SQLite serialises writers), numbers the event one past it,
    /// chains its hash and moves the head.
    pub async fn append(&self, e: NewEvent) -> Result<audit_events::Model, DbErr> {
        let pg = self.db_backend() == DbBackend::Postgres;
        audit_heads::Entity::insert(audit_heads::ActiveModel::from(audit_heads::Model {
            tenant_id: self.tid(),
            seq: 0,
            hash: GENESIS.to_owned(),
        }))
        .on_conflict(
            OnConflict::column(audit_heads::Column::TenantId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&self.tx)
        .await?;
        let mut q = audit_heads::Entity::find_by_id(self.tid());
        if pg {
            q = q.lock_exclusive();
        }
        let head = q
            .one(&self.tx)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("audit head".into()))?;
        let at =
            e.at.with_nanosecond(e.at.nanosecond() / 1000 * 1000)
                .unwrap_or(e.at);
        let mut event = audit_events::Model {
            tenant_id: self.tid(),
            seq: head.seq + 1,
            id: Uuid::now_v7(),
            at,
            actor_kind: e.actor_kind.to_owned(),
            actor_id: e.actor_id,
            actor_label: e.actor_label,
            seller_id: e.seller_id,
            customer_id: e.customer_id,
            action: e.action,
            object_type: e.object_type,
            object_id: e.object_id,
            changes: e.changes,
            ip: e.ip,
            request_id: e.request_id,
            prev_hash: head.hash,
            hash: String::new(),
        };
        event.hash = chain_hash(&event);
        audit_heads::Entity::update_many()
            .col_expr(audit_heads::Column::Seq, event.seq.into())
            .col_expr(audit_heads::Column::Hash, event.hash.clone().into())
            .filter(audit_heads::Column::TenantId.eq(self.tid()))
            .exec(&self.tx)
            .await?;
        audit_events::ActiveModel::from(event)
            .insert(&self.tx)
            .await
    }

    /// Events matching `f`, newest first, at most `limit`.
    pub async fn list(
        &self,
        f: &AuditFilter,
        limit: u64,
    ) -> Result<Vec<audit_events::Model>, DbErr> {
        use audit_events::Column as C;
        let mut q = audit_events::Entity::find().filter(C::TenantId.eq(self.tid()));
        if let Some(a) = f.actor_id {
            q = q.filter(C::ActorId.eq(a));
        }
        if let Some(t) = &f.object_type {
            q = q.filter(C::ObjectType.eq(t.as_str()));
        }
        if let Some(o) = &f.object_id {
            q = q.filter(C::ObjectId.eq(o.as_str()));
        }
        if let Some(c) = f.customer_id {
            q = q.filter(C::CustomerId.eq(c));
        }
        if let Some(a) = &f.action {
            q = q.filter(C::Action.starts_with(a.as_str()));
        }
        if let Some(from) = f.from {
            q = q.filter(C::At.gte(from));
        }
        if let Some(to) = f.to {
            q = q.filter(C::At.lt(to));
        }
        if let Some(sellers) = &f.sellers {
            q = q.filter(super::one_of(self.db_backend(), C::SellerId, sellers));
        }
        if let Some(b) = f.before_seq {
            q = q.filter(C::Seq.lt(b));
        }
        q.order_by_desc(C::Seq).limit(limit).all(&self.tx).await
    }

    /// The chain from number `after + 1` on, oldest first, at most `limit`.
    pub async fn chain(&self, after: i64, limit: u64) -> Result<Vec<audit_events::Model>, DbErr> {
        audit_events::Entity::find()
            .filter(audit_events::Column::TenantId.eq(self.tid()))
            .filter(audit_events::Column::Seq.gt(after))
            .order_by_asc(audit_events::Column::Seq)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// The chain's recorded end (none: no event yet).
    pub async fn head(&self) -> Result<Option<audit_heads::Model>, DbErr> {
        audit_heads::Entity::find_by_id(self.tid())
            .one(&self.tx)
            .await
    }
}
