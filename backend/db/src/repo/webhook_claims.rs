//! The webhook sender's claims across tenants: due deliveries, at most one
//! per endpoint and object at a time (the oldest still pending), so the
//! deliveries of one object arrive in the order their events happened.

use super::PlatformTx;
use super::platform::ClaimColumns;
use crate::entities::webhook_deliveries as wd;
use chrono::{DateTime, Utc};
use ringledger_shared::status::WebhookDeliveryStatus;
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

/// The outcome of one attempt, as the sender decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookAttempt {
    /// `Delivered`, `Failed` (given up) or `Pending` (retried at `next_attempt_at`).
    pub status: WebhookDeliveryStatus,
    /// When it was made.
    pub at: DateTime<Utc>,
    /// The answer's HTTP status, if any came.
    pub response_code: Option<i32>,
    /// How long it took.
    pub latency_ms: Option<i32>,
    /// Why it failed.
    pub error: Option<String>,
    /// The next try of a pending one.
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl PlatformTx {
    /// Claims up to `limit` due deliveries (the oldest first, tenant by
    /// tenant), each the oldest pending one of its endpoint and object,
    /// and leases them until `lease_until` (`FOR UPDATE SKIP LOCKED` on
    /// PostgreSQL: two senders never claim the same one).
    pub async fn claim_webhook_deliveries(
        &self,
        limit: u64,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Vec<wd::Model>, DbErr> {
        let due = || {
            wd::Entity::find()
                .filter(wd::Column::Status.eq(WebhookDeliveryStatus::Pending))
                .filter(
                    Condition::any()
                        .add(wd::Column::NextAttemptAt.is_null())
                        .add(wd::Column::NextAttemptAt.lte(now)),
                )
                .filter(Expr::exists(older_pending()).not())
        };
        let cols = ClaimColumns {
            tenant: wd::Column::TenantId,
            id: wd::Column::Id,
            order: wd::Column::Id,
            lease: wd::Column::NextAttemptAt,
        };
        self.claim_rows(due, cols, |r| (r.tenant_id, r.id), limit, lease_until)
            .await
    }

    /// Records an attempt of a claimed delivery.
    pub async fn record_webhook_attempt(
        &self,
        tenant_id: Uuid,
        id: Uuid,
        attempt: WebhookAttempt,
    ) -> Result<(), DbErr> {
        let Some(row) = wd::Entity::find_by_id((tenant_id, id))
            .one(self.conn())
            .await?
        else {
            return Ok(());
        };
        let attempts = row.attempts + 1;
        let mut am: wd::ActiveModel = row.into();
        am.attempts = Set(attempts);
        am.status = Set(attempt.status);
        am.last_attempt_at = Set(Some(attempt.at));
        am.response_code = Set(attempt.response_code);
        am.latency_ms = Set(attempt.latency_ms);
        am.last_error = Set(attempt.error.map(|e| e.chars().take(500).collect()));
        am.next_attempt_at = Set(attempt.next_attempt_at);
        if attempt.status == WebhookDeliveryStatus::Delivered {
            am.delivered_at = Set(Some(attempt.at));
        }
        am.update(self.conn()).await.map(|_| ())
    }
}

/// An older delivery of the same endpoint and object still pending (a
/// correlated sub-query on the claimed row).
fn older_pending() -> sea_orm::sea_query::SelectStatement {
    let older = Alias::new("older");
    let outer = |c: wd::Column| Expr::col((wd::Entity, c));
    let inner = |c: wd::Column| Expr::col((older.clone(), c));
    Query::select()
        .expr(Expr::val(1))
        .from_as(wd::Entity, older.clone())
        .and_where(inner(wd::Column::TenantId).equals((wd::Entity, wd::Column::TenantId)))
        .and_where(inner(wd::Column::EndpointId).equals((wd::Entity, wd::Column::EndpointId)))
        .and_where(inner(wd::Column::ObjectId).equals((wd::Entity, wd::Column::ObjectId)))
        .and_where(inner(wd::Column::Status).eq(WebhookDeliveryStatus::Pending.as_str()))
        .and_where(inner(wd::Column::Id).lt(outer(wd::Column::Id)))
        .to_owned()
}
