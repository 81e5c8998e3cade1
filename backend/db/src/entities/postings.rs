//! `postings`: the legs of a journal. A customer account's stored balance
//! is the sum of its postings, kept by the ledger in the same transaction.

use super::decimal::DbDecimal;
use ringledger_shared::ledger::JournalKind;
use sea_orm::entity::prelude::*;

/// A row of `postings`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "postings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub journal_id: Uuid,
    /// Whose books the ledger account is in.
    pub seller_id: Uuid,
    /// `shared::ledger::Book`, as stored.
    pub book: String,
    /// The customer account, for `customer` postings.
    pub account_id: Option<ringledger_shared::ids::AccountId>,
    /// Signed, from the ledger account holder's side.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub amount: DbDecimal,
    /// The journal's kind (copied: statements filter on it).
    pub kind: JournalKind,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
