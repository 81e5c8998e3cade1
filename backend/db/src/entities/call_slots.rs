//! `call_slots`: how many calls of one counter (an account's or a
//! service's concurrent calls, or calls per minute) an instance holds.

use sea_orm::entity::prelude::*;

/// A row of `call_slots`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_slots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// `c:` (concurrent) or `r:` (per minute), then the account or service id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub counter: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub instance: String,
    /// Calls this instance may hand out.
    pub taken: i32,
    /// After this the row no longer counts.
    pub expires_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
