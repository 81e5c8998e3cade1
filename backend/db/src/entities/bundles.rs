//! `bundles`: several services at one monthly price, with allowances.

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A bundle (package).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bundles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ringledger_shared::ids::BundleId,
    pub name: String,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub monthly_fee: DbDecimal,
    pub currency: String,
    /// The deck that prices calls beyond the allowances.
    pub deck_id: Option<ringledger_shared::ids::DeckId>,
    pub active: bool,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
