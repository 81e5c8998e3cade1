//! `one_off_charges`: a charge (or, negative, a credit) for the next invoice of an account.

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A row of `one_off_charges`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "one_off_charges")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub account_id: ringledger_shared::ids::AccountId,
    pub description: String,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub amount: DbDecimal,
    /// The invoice that billed it.
    pub invoice_id: Option<ringledger_shared::ids::InvoiceId>,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
