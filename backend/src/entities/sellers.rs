//! `sellers`: the operator itself and (later) its resellers, with their brand.

use sea_orm::entity::prelude::*;

/// A seller of one tenant.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sellers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `operator` or `reseller`.
    pub kind: String,
    pub parent_id: Option<Uuid>,
    pub slug: String,
    pub name: String,
    pub primary_color: String,
    pub accent_color: String,
    pub support_email: Option<String>,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
