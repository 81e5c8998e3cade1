//! Bill runs: created, read, listed, updated and leased to one instance.

use super::*;

impl Billing<'_> {
    /// Inserts a bill run (`tenant_id` forced).
    pub async fn insert_bill_run(
        &self,
        mut m: bill_runs::Model,
    ) -> Result<bill_runs::Model, DbErr> {
        m.tenant_id = self.tid();
        bill_runs::ActiveModel::from(m).insert(&self.tx).await
    }

    /// A bill run.
    pub async fn bill_run(&self, id: Uuid) -> Result<Option<bill_runs::Model>, DbErr> {
        bill_runs::Entity::find_by_id((self.tid(), id))
            .one(&self.tx)
            .await
    }

    /// The bill run of a seller for a day.
    pub async fn bill_run_on(
        &self,
        seller: Uuid,
        as_of: NaiveDate,
    ) -> Result<Option<bill_runs::Model>, DbErr> {
        bill_runs::Entity::find()
            .filter(bill_runs::Column::TenantId.eq(self.tid()))
            .filter(bill_runs::Column::SellerId.eq(seller))
            .filter(bill_runs::Column::AsOf.eq(as_of))
            .one(&self.tx)
            .await
    }

    /// The latest bill runs of a seller.
    pub async fn list_bill_runs(
        &self,
        seller: Uuid,
        limit: u64,
    ) -> Result<Vec<bill_runs::Model>, DbErr> {
        bill_runs::Entity::find()
            .filter(bill_runs::Column::TenantId.eq(self.tid()))
            .filter(bill_runs::Column::SellerId.eq(seller))
            .order_by_desc(bill_runs::Column::StartedAt)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// Saves a bill run's progress.
    pub async fn update_bill_run(&self, m: bill_runs::Model) -> Result<(), DbErr> {
        let mut am: bill_runs::ActiveModel = m.clone().into();
        am.status = sea_orm::Set(m.status);
        am.total_accounts = sea_orm::Set(m.total_accounts);
        am.done_accounts = sea_orm::Set(m.done_accounts);
        am.invoices = sea_orm::Set(m.invoices);
        am.invoiced = sea_orm::Set(m.invoiced);
        am.finished_at = sea_orm::Set(m.finished_at);
        am.claimed_by = sea_orm::Set(m.claimed_by);
        am.claimed_until = sea_orm::Set(m.claimed_until);
        am.update(&self.tx).await.map(|_| ())
    }

    /// Leases a running bill run to `instance` until `now + lease`, if no
    /// other instance holds a live lease on it. `true` when leased.
    pub async fn lease_bill_run(
        &self,
        id: Uuid,
        instance: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> Result<bool, DbErr> {
        let done = bill_runs::Entity::update_many()
            .col_expr(bill_runs::Column::ClaimedBy, Expr::value(instance))
            .col_expr(bill_runs::Column::ClaimedUntil, Expr::value(now + lease))
            .filter(bill_runs::Column::TenantId.eq(self.tid()))
            .filter(bill_runs::Column::Id.eq(id))
            .filter(bill_runs::Column::Status.eq(BillRunStatus::Running))
            .filter(lease_open(instance, now))
            .exec(&self.tx)
            .await?;
        Ok(done.rows_affected == 1)
    }
}
