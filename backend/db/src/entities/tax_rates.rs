//! `tax_rates`: a seller's tax rate for customers of one country (`""`: every other country).

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A row of `tax_rates`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tax_rates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub seller_id: Uuid,
    pub country: String,
    pub name: String,
    /// Percent, e.g. 20 for 20 %.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub rate: DbDecimal,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
