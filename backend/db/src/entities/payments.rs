//! `payments`: money received (or attempted) for an account.

use super::decimal::DbDecimal;
use ringledger_shared::status::PaymentMethod;
use ringledger_shared::status::PaymentPurpose;
use ringledger_shared::status::PaymentStatus;
use sea_orm::entity::prelude::*;

/// A row of `payments`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ringledger_shared::ids::PaymentId,
    pub account_id: ringledger_shared::ids::AccountId,
    /// The invoice it pays, if any.
    pub invoice_id: Option<ringledger_shared::ids::InvoiceId>,
    /// `invoice`, `top_up`, `auto_top_up`, `auto_charge` or `save_card`.
    pub purpose: PaymentPurpose,
    /// `card` or `manual`.
    pub method: PaymentMethod,
    /// `pending`, `succeeded`, `failed` or `canceled`.
    pub status: PaymentStatus,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub amount: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub refunded: DbDecimal,
    pub currency: String,
    pub checkout_session_id: Option<String>,
    pub payment_intent_id: Option<String>,
    /// The operator's note for a manual payment; the card for a card payment.
    pub reference: String,
    /// Why the last attempt failed.
    pub failure: Option<String>,
    pub attempts: i32,
    /// When an automatic charge is tried again.
    pub next_attempt_at: Option<DateTimeUtc>,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub settled_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
