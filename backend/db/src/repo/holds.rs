//! Reservation holds (see `services::reservations`): read and written only
//! with the accounts' rows locked, a group of accounts in one statement.

use super::aggregates::Holds;
use crate::entities::decimal::DbDecimal;
use crate::entities::reservation_holds;
use chrono::{DateTime, Utc};
use ringledger_shared::ids::AccountId;
use rust_decimal::Decimal;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};
use std::collections::HashMap;

/// What the holds of one account say to an instance renewing its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HoldsOf {
    /// What the other instances hold of it, live.
    pub others: Decimal,
    /// Until when the instance's own row counts (its writers never shorten
    /// it: a row's time only grows while it lives).
    pub own_until: Option<DateTime<Utc>>,
}

/// One hold to write: the account, what is held, until when it counts.
pub type HoldRow = (AccountId, Decimal, DateTime<Utc>);

impl Holds<'_> {
    /// [`HoldsOf`] each of `accounts` for `instance` at `now` (an account
    /// no row names is left out: nothing held).
    pub async fn of_accounts(
        &self,
        accounts: &[AccountId],
        instance: &str,
        now: DateTime<Utc>,
    ) -> Result<HashMap<AccountId, HoldsOf>, DbErr> {
        let mine = row_name(instance);
        let mut out = HashMap::with_capacity(accounts.len());
        for chunk in accounts.chunks(super::usage::CHUNK) {
            let rows: Vec<(AccountId, String, DbDecimal, DateTime<Utc>)> =
                reservation_holds::Entity::find()
                    .select_only()
                    .column(reservation_holds::Column::AccountId)
                    .column(reservation_holds::Column::Instance)
                    .column(reservation_holds::Column::Amount)
                    .column(reservation_holds::Column::ExpiresAt)
                    .filter(reservation_holds::Column::TenantId.eq(self.tid()))
                    .filter(super::one_of(
                        self.tx.get_database_backend(),
                        reservation_holds::Column::AccountId,
                        chunk,
                    ))
                    // Rows are never deleted: the lapsed rows of instances
                    // gone (a name per host, a new one per deploy) are not
                    // read.
                    .filter(
                        Condition::any()
                            .add(reservation_holds::Column::Instance.eq(mine.as_str()))
                            .add(reservation_holds::Column::ExpiresAt.gt(now)),
                    )
                    .into_tuple()
                    .all(&self.tx)
                    .await?;
            for (account, name, amount, until) in rows {
                let of: &mut HoldsOf = out.entry(account).or_default();
                if name == mine {
                    of.own_until = Some(until);
                } else if until > now {
                    of.others += amount.0;
                }
            }
        }
        Ok(out)
    }

    /// Sets `instance`'s holds of `rows`' accounts (one statement per
    /// thousand).
    pub async fn set_holds(
        &self,
        rows: &[HoldRow],
        instance: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let name = row_name(instance);
        for chunk in rows.chunks(super::usage::CHUNK) {
            let models = chunk.iter().map(|&(account, amount, expires_at)| {
                reservation_holds::ActiveModel::from(reservation_holds::Model {
                    tenant_id: self.tid(),
                    account_id: account,
                    instance: name.clone(),
                    amount: DbDecimal(amount),
                    expires_at,
                    updated_at: now,
                })
            });
            reservation_holds::Entity::insert_many(models)
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
                .await?;
        }
        Ok(())
    }
}

/// An instance's name as its rows keep it (the column's 128 characters).
fn row_name(instance: &str) -> String {
    instance.chars().take(128).collect()
}
