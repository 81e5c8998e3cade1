//! `outbound_emails`: the outbound e-mail queue, idempotent per key.

use ringledger_shared::status::EmailStatus;
use sea_orm::entity::prelude::*;

/// A row of `outbound_emails`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbound_emails")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub idempotency_key: String,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub status: EmailStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// An invoice sent as a PDF attachment.
    pub invoice_id: Option<ringledger_shared::ids::InvoiceId>,
    /// Not before this moment (backoff after a failure).
    pub next_attempt_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
