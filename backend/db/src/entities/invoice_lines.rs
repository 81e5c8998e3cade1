//! `invoice_lines`: the lines of an invoice, in order.

use super::decimal::DbDecimal;
use ringledger_shared::billing::LineKind;
use sea_orm::entity::prelude::*;

/// A row of `invoice_lines`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoice_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub invoice_id: ringledger_shared::ids::InvoiceId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    /// `recurring`, `usage`, `one_off` or `credit`.
    pub kind: LineKind,
    /// The service the line belongs to (grouping on the PDF).
    pub service_kind: Option<String>,
    pub description: String,
    pub calls: i64,
    pub billable_secs: i64,
    pub allowance_secs: i64,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub net: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub tax_rate: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub tax: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub gross: DbDecimal,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
