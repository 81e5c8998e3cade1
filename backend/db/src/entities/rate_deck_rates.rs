//! `rate_deck_rates`: one prefix of a deck version.

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A rate row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_deck_rates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub prefix: String,
    pub destination: String,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub rate_per_minute: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub connect_fee: DbDecimal,
    pub initial_increment: i32,
    pub subsequent_increment: i32,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
