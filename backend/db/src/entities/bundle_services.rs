//! `bundle_services`: the service kinds a bundle includes.

use ringledger_shared::rating::ServiceKind;
use sea_orm::entity::prelude::*;

/// One service kind of a bundle.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bundle_services")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub bundle_id: ringledger_shared::ids::BundleId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub service_kind: ServiceKind,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
