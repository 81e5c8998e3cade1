//! A seller's outbound webhooks: its endpoints, the events written in the
//! transaction of their cause, and the deliveries of each (the outbox the
//! sender claims through `PlatformTx::claim_webhook_deliveries`). Every
//! query filters on the tenant; a use case passes its own seller.

use super::aggregates::Webhooks;
use crate::entities::{webhook_deliveries as wd, webhook_endpoints as we, webhook_events as ev};
use ringledger_shared::ids::SellerId;
use ringledger_shared::status::WebhookDeliveryStatus;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

impl Webhooks<'_> {
    insert!(insert_endpoint, we);

    /// The endpoints of `seller` (not removed), newest first.
    pub async fn endpoints(&self, seller: SellerId) -> Result<Vec<we::Model>, DbErr> {
        we::Entity::find()
            .filter(we::Column::TenantId.eq(self.tid()))
            .filter(we::Column::SellerId.eq(seller.as_uuid()))
            .filter(we::Column::DeletedAt.is_null())
            .order_by_desc(we::Column::CreatedAt)
            .all(&self.tx)
            .await
    }

    /// The enabled endpoints of every seller of the tenant (an event
    /// goes to its seller's and those above it).
    pub async fn listening(&self) -> Result<Vec<we::Model>, DbErr> {
        we::Entity::find()
            .filter(we::Column::TenantId.eq(self.tid()))
            .filter(we::Column::DeletedAt.is_null())
            .filter(we::Column::Enabled.eq(true))
            .all(&self.tx)
            .await
    }

    /// One endpoint (not removed).
    pub async fn endpoint(&self, id: Uuid) -> Result<Option<we::Model>, DbErr> {
        we::Entity::find_by_id((self.tid(), id))
            .filter(we::Column::DeletedAt.is_null())
            .one(&self.tx)
            .await
    }

    /// Saves a changed endpoint.
    pub async fn save_endpoint(&self, mut m: we::Model) -> Result<we::Model, DbErr> {
        m.tenant_id = self.tid();
        let mut am: we::ActiveModel = m.into();
        am = am.reset_all();
        am.update(&self.tx).await
    }

    /// Writes an event and its deliveries (one per endpoint); the commit
    /// tells the caller to kick the sender.
    pub async fn insert_event(
        &self,
        mut event: ev::Model,
        deliveries: Vec<wd::Model>,
    ) -> Result<(), DbErr> {
        event.tenant_id = self.tid();
        ev::ActiveModel::from(event).insert(&self.tx).await?;
        self.insert_deliveries(deliveries).await
    }

    /// Writes deliveries of events already stored (a replay).
    pub async fn insert_deliveries(&self, deliveries: Vec<wd::Model>) -> Result<(), DbErr> {
        if deliveries.is_empty() {
            return Ok(());
        }
        let tid = self.tid();
        wd::Entity::insert_many(deliveries.into_iter().map(|mut d| {
            d.tenant_id = tid;
            wd::ActiveModel::from(d)
        }))
        .exec(&self.tx)
        .await?;
        self.note_webhook();
        Ok(())
    }

    /// Writes many events and their deliveries at once (a bill run's chunk).
    pub async fn insert_events(
        &self,
        events: Vec<ev::Model>,
        deliveries: Vec<wd::Model>,
    ) -> Result<(), DbErr> {
        if events.is_empty() {
            return Ok(());
        }
        let tid = self.tid();
        for chunk in events.chunks(500) {
            ev::Entity::insert_many(chunk.iter().cloned().map(|mut e| {
                e.tenant_id = tid;
                ev::ActiveModel::from(e)
            }))
            .exec(&self.tx)
            .await?;
        }
        for chunk in deliveries.chunks(500) {
            self.insert_deliveries(chunk.to_vec()).await?;
        }
        Ok(())
    }

    /// One event.
    pub async fn event(&self, id: Uuid) -> Result<Option<ev::Model>, DbErr> {
        ev::Entity::find_by_id((self.tid(), id)).one(&self.tx).await
    }

    /// One delivery of `endpoint`.
    pub async fn delivery(&self, endpoint: Uuid, id: Uuid) -> Result<Option<wd::Model>, DbErr> {
        wd::Entity::find_by_id((self.tid(), id))
            .filter(wd::Column::EndpointId.eq(endpoint))
            .one(&self.tx)
            .await
    }

    /// A page of `endpoint`'s deliveries, newest first, older than `before`.
    pub async fn deliveries(
        &self,
        endpoint: Uuid,
        before: Option<Uuid>,
        limit: u64,
    ) -> Result<Vec<wd::Model>, DbErr> {
        let mut q = wd::Entity::find()
            .filter(wd::Column::TenantId.eq(self.tid()))
            .filter(wd::Column::EndpointId.eq(endpoint));
        if let Some(before) = before {
            q = q.filter(wd::Column::Id.lt(before));
        }
        q.order_by_desc(wd::Column::Id)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// How many of `endpoint`'s deliveries have `status`.
    pub async fn count_deliveries(
        &self,
        endpoint: Uuid,
        status: WebhookDeliveryStatus,
    ) -> Result<u64, DbErr> {
        wd::Entity::find()
            .filter(wd::Column::TenantId.eq(self.tid()))
            .filter(wd::Column::EndpointId.eq(endpoint))
            .filter(wd::Column::Status.eq(status))
            .count(&self.tx)
            .await
    }
}
