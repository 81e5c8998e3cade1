//! `number_assignments`: which service held a number when, at which
//! monthly fee (bill runs prorate the fee by these days).

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A row of `number_assignments`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "number_assignments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number_id: Uuid,
    /// The number, as it was.
    pub number: String,
    pub account_id: ringledger_shared::ids::AccountId,
    pub service_id: ringledger_shared::ids::ServiceId,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub monthly_fee: DbDecimal,
    pub started_at: DateTimeUtc,
    /// Released (or ported away); none: still held.
    pub ended_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
