//! `high_risk_prefixes`: destinations the operator marked high-risk
//! (premium rate, satellite, known fraud ranges).

use sea_orm::entity::prelude::*;

/// A row of `high_risk_prefixes`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "high_risk_prefixes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Digits (E.164 without `+`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub prefix: String,
    pub description: String,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
