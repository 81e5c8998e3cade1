//! `invoices`: one invoice per account and billing period, covering every service.

use super::decimal::DbDecimal;
use ringledger_shared::billing::TaxMode;
use ringledger_shared::status::InvoiceStatus;
use sea_orm::entity::prelude::*;

/// A row of `invoices`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ringledger_shared::ids::InvoiceId,
    pub seller_id: Uuid,
    pub account_id: ringledger_shared::ids::AccountId,
    pub customer_id: ringledger_shared::ids::CustomerId,
    pub bill_run_id: Option<Uuid>,
    /// Per seller, from 1, without gaps.
    pub sequence: i64,
    /// The seller's prefix and the sequence, e.g. `INV-000042`.
    pub number: String,
    pub period_start: Date,
    /// First day after the period.
    pub period_end: Date,
    pub issued_on: Date,
    pub due_on: Date,
    pub currency: String,
    /// `exclusive` or `inclusive`.
    pub tax_mode: TaxMode,
    pub prepaid: bool,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub subtotal: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub tax_total: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub total: DbDecimal,
    /// What earlier invoices of the account still owe.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub brought_forward: DbDecimal,
    /// Payments and top-ups received in the period.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub payments: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub amount_due: DbDecimal,
    /// `open`, `paid` or `void`.
    pub status: InvoiceStatus,
    pub created_at: DateTimeUtc,
    /// Paid against `amount_due` so far (payments less refunds).
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub amount_paid: DbDecimal,
    /// When `amount_paid` first reached `amount_due`.
    pub paid_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
