//! `card_batches`: a batch of prepaid calling cards generated at once.

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A row of `card_batches`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "card_batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub seller_id: Uuid,
    pub name: String,
    pub quantity: i32,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub initial_balance: DbDecimal,
    pub expires_on: Option<Date>,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
