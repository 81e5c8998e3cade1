//! `journals`: one movement of money — its kind, cause, actor and
//! idempotency key; its legs are `postings`, which sum to zero.

use ringledger_shared::ledger::JournalKind;
use sea_orm::entity::prelude::*;

/// A row of `journals`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "journals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose books the journal belongs to.
    pub seller_id: Uuid,
    /// `shared::ledger::JournalKind`, as stored.
    pub kind: JournalKind,
    pub currency: String,
    /// Unique per tenant: a retry with the same key posts nothing.
    pub idempotency_key: String,
    pub memo: String,
    pub actor: String,
    /// `cdr`, `invoice`, `payment`, `refund`, `card`, `credit_note`…
    pub cause_type: Option<String>,
    pub cause_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
