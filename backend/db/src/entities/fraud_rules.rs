//! `fraud_rules`: a seller's fraud control defaults, or a customer's own
//! limits, as JSON (`shared::api::fraud`).

use sea_orm::entity::prelude::*;

/// A row of `fraud_rules`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fraud_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The seller or the customer.
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_id: Uuid,
    /// `FraudSettings` (a seller) or `CustomerFraud` (a customer), as JSON.
    pub rules: String,
    pub updated_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
