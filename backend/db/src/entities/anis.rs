//! `anis`: a caller number (E.164 digits) registered for PINless dialing.

use sea_orm::entity::prelude::*;

/// A row of `anis`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "anis")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: String,
    pub account_id: ringledger_shared::ids::AccountId,
    pub service_id: ringledger_shared::ids::ServiceId,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
