//! `refunds`: money given back from a payment.

use super::decimal::DbDecimal;
use ringledger_shared::status::RefundStatus;
use sea_orm::entity::prelude::*;

/// A row of `refunds`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refunds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub payment_id: ringledger_shared::ids::PaymentId,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub amount: DbDecimal,
    pub stripe_refund_id: Option<String>,
    /// `succeeded` or `failed`.
    pub status: RefundStatus,
    pub reason: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
