//! `bill_runs`: one bill run of a seller: its progress and totals.

use super::decimal::DbDecimal;
use ringledger_shared::status::BillRunStatus;
use sea_orm::entity::prelude::*;

/// A row of `bill_runs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bill_runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub seller_id: Uuid,
    /// Periods that ended by this day are billed.
    pub as_of: Date,
    /// `running` or `done`.
    pub status: BillRunStatus,
    pub total_accounts: i64,
    pub done_accounts: i64,
    pub invoices: i64,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub invoiced: DbDecimal,
    pub started_by: String,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// The instance processing the run (its lease holder).
    pub claimed_by: Option<String>,
    /// Until when the lease holds; another instance may take over after.
    pub claimed_until: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
