//! Fraud control's rows (see `core::services::fraud`): rules, high-risk
//! prefixes, spend meters and call slots. Meters are written by CDR
//! batches and call slots by authorization, each under the account's row
//! lock.

use super::aggregates::Fraud;
use crate::entities::{call_slots, fraud_rules, high_risk_prefixes, spend_meters};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

impl Fraud<'_> {
    /// The rules of these sellers and customers (those that have any).
    pub async fn rules_of(&self, subjects: &[Uuid]) -> Result<Vec<fraud_rules::Model>, DbErr> {
        if subjects.is_empty() {
            return Ok(Vec::new());
        }
        fraud_rules::Entity::find()
            .filter(fraud_rules::Column::TenantId.eq(self.tid()))
            .filter(super::one_of(
                self.db_backend(),
                fraud_rules::Column::SubjectId,
                subjects,
            ))
            .all(&self.tx)
            .await
    }

    /// Whether any seller or customer of the tenant has rules.
    pub async fn any_rules(&self) -> Result<bool, DbErr> {
        Ok(fraud_rules::Entity::find()
            .filter(fraud_rules::Column::TenantId.eq(self.tid()))
            .count(&self.tx)
            .await?
            > 0)
    }

    /// Stores the rules of a seller or a customer.
    pub async fn set_rules(
        &self,
        subject: Uuid,
        rules: String,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let row = fraud_rules::ActiveModel::from(fraud_rules::Model {
            tenant_id: self.tid(),
            subject_id: subject,
            rules,
            updated_at: now,
        });
        fraud_rules::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    fraud_rules::Column::TenantId,
                    fraud_rules::Column::SubjectId,
                ])
                .update_columns([fraud_rules::Column::Rules, fraud_rules::Column::UpdatedAt])
                .to_owned(),
            )
            .exec_without_returning(&self.tx)
            .await
            .map(|_| ())
    }

    /// Every high-risk prefix, in digit order.
    pub async fn high_risk(&self) -> Result<Vec<high_risk_prefixes::Model>, DbErr> {
        high_risk_prefixes::Entity::find()
            .filter(high_risk_prefixes::Column::TenantId.eq(self.tid()))
            .order_by_asc(high_risk_prefixes::Column::Prefix)
            .all(&self.tx)
            .await
    }

    /// Replaces the high-risk prefixes.
    pub async fn replace_high_risk(
        &self,
        rows: Vec<high_risk_prefixes::Model>,
    ) -> Result<(), DbErr> {
        high_risk_prefixes::Entity::delete_many()
            .filter(high_risk_prefixes::Column::TenantId.eq(self.tid()))
            .exec(&self.tx)
            .await?;
        for chunk in rows.chunks(2_000) {
            high_risk_prefixes::Entity::insert_many(chunk.iter().cloned().map(|mut r| {
                r.tenant_id = self.tid();
                high_risk_prefixes::ActiveModel::from(r)
            }))
            .exec_without_returning(&self.tx)
            .await?;
        }
        Ok(())
    }

    /// The meters of these accounts and services (those that have one).
    pub async fn meters_of(&self, subjects: &[Uuid]) -> Result<Vec<spend_meters::Model>, DbErr> {
        if subjects.is_empty() {
            return Ok(Vec::new());
        }
        spend_meters::Entity::find()
            .filter(spend_meters::Column::TenantId.eq(self.tid()))
            .filter(super::one_of(
                self.db_backend(),
                spend_meters::Column::SubjectId,
                subjects,
            ))
            .all(&self.tx)
            .await
    }

    /// Writes meters back (inserted or replaced whole).
    pub async fn save_meters(&self, rows: Vec<spend_meters::Model>) -> Result<(), DbErr> {
        use spend_meters::Column as C;
        for chunk in rows.chunks(1_000) {
            spend_meters::Entity::insert_many(chunk.iter().cloned().map(|mut r| {
                r.tenant_id = self.tid();
                spend_meters::ActiveModel::from(r)
            }))
            .on_conflict(
                OnConflict::columns([C::TenantId, C::SubjectId])
                    .update_columns([
                        C::HourStart,
                        C::HourSpent,
                        C::DayStart,
                        C::DaySpent,
                        C::UsualHourly,
                        C::SuspendedAt,
                        C::SuspendedSpend,
                        C::SuspendedUsual,
                        C::QuietUntil,
                        C::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.tx)
            .await?;
        }
        Ok(())
    }

    /// Lifts the suspension of `service`; its account (`account`) is not
    /// found anomalous again before `quiet_until`. Answers whether the
    /// service was suspended.
    pub async fn release(
        &self,
        service: Uuid,
        account: Uuid,
        quiet_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        use spend_meters::Column as C;
        let lifted = spend_meters::Entity::update_many()
            .col_expr(C::SuspendedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::TenantId.eq(self.tid()))
            .filter(C::SubjectId.eq(service))
            .filter(C::SuspendedAt.is_not_null())
            .exec(&self.tx)
            .await?
            .rows_affected;
        if lifted > 0 {
            spend_meters::Entity::update_many()
                .col_expr(C::QuietUntil, Expr::value(Some(quiet_until)))
                .col_expr(C::UpdatedAt, Expr::value(now))
                .filter(C::TenantId.eq(self.tid()))
                .filter(C::SubjectId.eq(account))
                .exec(&self.tx)
                .await?;
        }
        Ok(lifted > 0)
    }

    /// What the other instances hold of `counter` at `now`.
    pub async fn slots_of_others(
        &self,
        counter: &str,
        instance: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, DbErr> {
        let rows: Vec<i32> = call_slots::Entity::find()
            .select_only()
            .column(call_slots::Column::Taken)
            .filter(call_slots::Column::TenantId.eq(self.tid()))
            .filter(call_slots::Column::Counter.eq(counter))
            .filter(call_slots::Column::Instance.ne(instance))
            .filter(call_slots::Column::ExpiresAt.gt(now))
            .into_tuple()
            .all(&self.tx)
            .await?;
        Ok(rows.into_iter().map(i64::from).sum())
    }

    /// Sets this instance's share of `counter`.
    pub async fn set_slots(
        &self,
        counter: &str,
        instance: &str,
        taken: i32,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        use call_slots::Column as C;
        let row = call_slots::ActiveModel::from(call_slots::Model {
            tenant_id: self.tid(),
            counter: counter.to_owned(),
            instance: instance.chars().take(128).collect(),
            taken,
            expires_at,
            updated_at: now,
        });
        call_slots::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([C::TenantId, C::Counter, C::Instance])
                    .update_columns([C::Taken, C::ExpiresAt, C::UpdatedAt])
                    .to_owned(),
            )
            .exec_without_returning(&self.tx)
            .await
            .map(|_| ())
    }
}
