//! `cdr_charges`: what each reseller level of a chain owes its parent for one
//! rated call (level 1 = the reseller directly under the operator).

use super::decimal::DbDecimal;
use ringledger_shared::rating::ServiceKind;
use sea_orm::entity::prelude::*;

/// A row of `cdr_charges`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cdr_charges")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cdr_id: Uuid,
    /// Depth of the reseller charged (1 = directly under the operator).
    #[sea_orm(primary_key, auto_increment = false)]
    pub level: i32,
    /// The reseller charged.
    pub seller_id: Uuid,
    /// Its wholesale account (an account of its parent's).
    pub account_id: ringledger_shared::ids::AccountId,
    pub service_kind: ServiceKind,
    pub start_time: DateTimeUtc,
    pub billable_secs: i64,
    /// The call at the parent's price.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub charge: DbDecimal,
    /// The wholesale invoice that billed it (none yet: on the next one).
    pub invoice_id: Option<ringledger_shared::ids::InvoiceId>,
    /// The usage journal that posted this charge (none while it is zero).
    pub journal_id: Option<Uuid>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
