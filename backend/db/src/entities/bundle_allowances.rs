//! `bundle_allowances`: minutes to a destination group, for some service kinds.

use sea_orm::entity::prelude::*;

/// An allowance of a bundle.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bundle_allowances")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub bundle_id: ringledger_shared::ids::BundleId,
    pub group_id: Uuid,
    pub minutes: i32,
    /// Lower draws first (see `shared::rating::allowance`).
    pub priority: i32,
    /// Comma-separated service kinds that may draw on it.
    pub service_kinds: String,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
