//! `reservation_holds`: how much of a prepaid account's balance an
//! instance may reserve for calls in flight.

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A row of `reservation_holds`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reservation_holds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: ringledger_shared::ids::AccountId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub instance: String,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub amount: DbDecimal,
    /// After this the hold no longer counts (its calls have all ended).
    pub expires_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
