//! Reservation holds (see `services::reservations`): read and written only
//! with the account's row locked.

use super::aggregates::Holds;
use crate::entities::decimal::DbDecimal;
use crate::entities::reservation_holds;
use chrono::{DateTime, Utc};
use ringledger_shared::ids::AccountId;
use rust_decimal::Decimal;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter, QuerySelect};

impl Holds<'_> {
    /// What the other instances hold of `account` at `now`, and until when
    /// `instance`'s own row counts (its writers never shorten it: a row's
    /// time only grows while it lives).
    pub async fn of_account(
        &self,
        account: AccountId,
        instance: &str,
        now: DateTime<Utc>,
    ) -> Result<(Decimal, Option<DateTime<Utc>>), DbErr> {
        let mine = row_name(instance);
        let rows: Vec<(String, DbDecimal, DateTime<Utc>)> = reservation_holds::Entity::find()
            .select_only()
            .column(reservation_holds::Column::Instance)
            .column(reservation_holds::Column::Amount)
            .column(reservation_holds::Column::ExpiresAt)
            .filter(reservation_holds::Column::TenantId.eq(self.tid()))
            .filter(reservation_holds::Column::AccountId.eq(account))
            // Rows are never deleted: the lapsed rows of instances gone
            // (a name per host, a new one per deploy) are not read.
            .filter(
                Condition::any()
                    .add(reservation_holds::Column::Instance.eq(mine.as_str()))
                    .add(reservation_holds::Column::ExpiresAt.gt(now)),
            )
            .into_tuple()
            .all(&self.tx)
            .await?;
        let mut others = Decimal::ZERO;
        let mut own = None;
        for (name, amount, until) in rows {
            if name == mine {
                own = Some(until);
            } else if until > now {
                others += amount.0;
            }
        }
        Ok((others, own))
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
            instance: row_name(instance),
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

/// An instance's name as its rows keep it (the column's 128 characters).
fn row_name(instance: &str) -> String {
    instance.chars().take(128).collect()
}
