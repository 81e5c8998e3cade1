//! `credit_notes`: a credit note voiding an invoice.

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A row of `credit_notes`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_notes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub invoice_id: ringledger_shared::ids::InvoiceId,
    pub seller_id: Uuid,
    pub sequence: i64,
    pub number: String,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub amount: DbDecimal,
    pub reason: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
