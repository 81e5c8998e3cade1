//! `cdrs`: call detail records, one per tenant and `call_id`, rated or rejected with a reason.

use super::decimal::DbDecimal;
pub use ringledger_shared::api::calls::CdrStatus;
use ringledger_shared::rating::ServiceKind;
use sea_orm::entity::prelude::*;

/// A row of `cdrs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cdrs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub call_id: String,
    pub account_id: Option<ringledger_shared::ids::AccountId>,
    pub service_id: Option<ringledger_shared::ids::ServiceId>,
    pub service_kind: ServiceKind,
    pub identifier: String,
    pub destination: String,
    pub start_time: DateTimeUtc,
    pub duration_secs: i64,
    pub media: String,
    pub status: CdrStatus,
    pub reason: Option<String>,
    pub prefix: Option<String>,
    pub billable_secs: i64,
    pub covered_secs: i64,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub charge: DbDecimal,
    pub created_at: DateTimeUtc,
    /// Ingested after a bill run closed its billing period: billed on the
    /// account's next invoice instead.
    pub late: bool,
    /// The invoice that billed this late record.
    pub invoice_id: Option<ringledger_shared::ids::InvoiceId>,
    /// The usage journal that posted this charge (none while it is zero).
    pub journal_id: Option<Uuid>,
    /// Why it was rejected, for people.
    pub reason_detail: Option<String>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
