//! `plans`: what one service kind costs — per minute (a deck), a monthly fee, or both.

use super::decimal::DbDecimal;
use ringledger_shared::rating::ServiceKind;
use sea_orm::entity::prelude::*;

/// A single-service plan.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ringledger_shared::ids::PlanId,
    pub name: String,
    pub service_kind: ServiceKind,
    pub deck_id: Option<ringledger_shared::ids::DeckId>,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))", nullable)]
    pub monthly_fee: Option<DbDecimal>,
    pub currency: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
