//! Whether a tenant has taken its first steps (the dashboard's checklist):
//! one indexed existence probe per step.

use super::TenantTx;
use crate::entities::{bill_runs, customers, plans, rate_decks, switch_keys};
use ringledger_shared::api::onboarding::FirstStepsView;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

impl TenantTx {
    /// The tenant's first steps.
    pub async fn first_steps(&self) -> Result<FirstStepsView, DbErr> {
        let t = self.tid();
        let decks = rate_decks::Entity::find().filter(rate_decks::Column::TenantId.eq(t));
        let plans = plans::Entity::find().filter(plans::Column::TenantId.eq(t));
        let keys = switch_keys::Entity::find()
            .filter(switch_keys::Column::TenantId.eq(t))
            .filter(switch_keys::Column::RevokedAt.is_null());
        let customers = customers::Entity::find().filter(customers::Column::TenantId.eq(t));
        let runs = bill_runs::Entity::find().filter(bill_runs::Column::TenantId.eq(t));
        Ok(FirstStepsView {
            rate_deck: self.any(decks, rate_decks::Column::Id).await?,
            plan: self.any(plans, plans::Column::Id).await?,
            switch_key: self.any(keys, switch_keys::Column::Id).await?,
            customer: self.any(customers, customers::Column::Id).await?,
            bill_run: self.any(runs, bill_runs::Column::Id).await?,
        })
    }

    async fn any<E: EntityTrait>(
        &self,
        q: sea_orm::Select<E>,
        id: E::Column,
    ) -> Result<bool, DbErr> {
        let found: Option<Uuid> = q
            .select_only()
            .column(id)
            .limit(1)
            .into_tuple()
            .one(&self.tx)
            .await?;
        Ok(found.is_some())
    }
}
