//! Reservation holds (see `services::reservations`): read and written only
//! with the account's row locked.

use super::aggregates::Holds;
use crate::entities::decimal::DbDecimal;
use crate::entities::reservation_holds;
use chrono::{DateTime, Utc};
use ringledger_shared::ids::AccountId;
use rust_decimal::Decimal;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

impl Holds<'_> {
    /// What the other instances hold of `account` at `now`.
    pub async fn holds_of_others(
        &self,
        account: AccountId,
        instance: &str,
        now: DateTime<Utc>,
    ) -> Result<Decimal, DbErr> {
        let rows: Vec<DbDecimal> = reservation_holds::Entity::find()
            .select_only()
            .column(reservation_holds::Column::Amount)
            .filter(reservation_holds::Column::TenantId.eq(self.tid()))
            .filter(reservation_holds::Column::AccountId.eq(account))
            .filter(reservation_holds::Column::Instance.ne(instance))
            .filter(reservation_holds::Column::ExpiresAt.gt(now))
            .into_tuple()
            .all(&self.tx)
            .await?;
        Ok(rows.into_iter().map(|d| d.0).sum())
    }

    /// Sets this instance's hold of `account`.
    pub async fn set_hold(
        &self,
        account: AccountId,
        instance: &str,
        amount: Decimal,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let row = reservation_holds::ActiveModel::from(reservation_holds::Model {
            tenant_id: self.tid(),
            account_id: account,
            instance: instance.chars().take(128).collect(),
            amount: DbDecimal(amount),
            expires_at,
            updated_at: now,
        });
        reservation_holds::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    reservation_holds::Column::TenantId,
                    reservation_holds::Column::AccountId,
                    reservation_holds::Column::Instance,
                ])
                .update_columns([
                    reservation_holds::Column::Amount,
                    reservation_holds::Column::ExpiresAt,
                    reservation_holds::Column::UpdatedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(&self.tx)
            .await
            .map(|_| ())
    }
}
