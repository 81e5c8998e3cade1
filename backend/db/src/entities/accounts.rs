//! `accounts`: the one account every service of a customer draws on.

use super::decimal::DbDecimal;
use ringledger_shared::status::AccountKind;
use ringledger_shared::status::AccountStatus;
use sea_orm::entity::prelude::*;

/// A row of `accounts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ringledger_shared::ids::AccountId,
    pub customer_id: ringledger_shared::ids::CustomerId,
    pub seller_id: Uuid,
    pub kind: AccountKind,
    pub currency: String,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub balance: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub credit_limit: DbDecimal,
    pub billing_day: i32,
    pub status: AccountStatus,
    pub created_at: DateTimeUtc,
    /// The customer is e-mailed when a debit takes the balance below this.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))", nullable)]
    pub low_balance_threshold: Option<DbDecimal>,
    /// The customer asked for its invoices to list every call.
    pub itemized_invoices: bool,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
