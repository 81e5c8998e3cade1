//! `sellers`: the operator itself and (later) its resellers, with their brand.

use super::decimal::DbDecimal;
use ringledger_shared::billing::TaxMode;
use ringledger_shared::status::AccountKind;
use ringledger_shared::status::MarkupKind;
use ringledger_shared::status::SellerKind;
use sea_orm::entity::prelude::*;

/// A seller of one tenant.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sellers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `operator` or `reseller`.
    pub kind: SellerKind,
    pub parent_id: Option<Uuid>,
    pub slug: String,
    pub name: String,
    pub primary_color: String,
    pub accent_color: String,
    pub support_email: Option<String>,
    pub created_at: DateTimeUtc,
    /// Digits of generated calling-card PINs.
    pub pin_length: i32,
    /// `prepaid` or `postpaid` for new accounts.
    pub account_kind: AccountKind,
    /// Credit limit of new postpaid accounts.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub default_credit_limit: DbDecimal,
    /// Day of the month new accounts are billed.
    pub billing_day: i32,
    /// Prefix of invoice numbers.
    pub invoice_prefix: String,
    /// The next invoice's sequence number.
    pub next_invoice_number: i64,
    /// The next credit note's sequence number.
    pub next_credit_note_number: i64,
    /// Postal address printed on invoices.
    pub address: String,
    /// VAT or other tax id printed on invoices.
    pub tax_id: String,
    /// `exclusive` or `inclusive`: whether prices include tax.
    pub tax_mode: TaxMode,
    /// Days from issue to due date.
    pub payment_terms_days: i32,
    /// Days past the due date before an unpaid account's services stop.
    pub grace_days: i32,
    /// `percent` or `per_minute`: how a reseller prices on its parent's tariff.
    pub markup_kind: MarkupKind,
    /// The markup (percent, or amount per minute).
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub markup_value: DbDecimal,
    /// Monthly fee the parent bills the reseller on its wholesale invoice.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub reseller_fee: DbDecimal,
    /// The reseller's account with its parent (debited at the parent's price).
    pub wholesale_account_id: Option<ringledger_shared::ids::AccountId>,
    /// Operator only: how many levels of resellers may nest under it.
    pub max_reseller_depth: i32,
    /// With `markup_kind = deck`: the reseller's own selling deck.
    pub own_deck_id: Option<ringledger_shared::ids::DeckId>,
    /// Whether every member of the team must sign in with a second factor.
    pub require_two_factor: bool,
    /// The SIP server (`host:port`) its customers' phones register with.
    pub sip_server: Option<String>,
    /// The languages its portal offers, tags in order (`en,es,fr`), the
    /// first its default.
    pub languages: String,
    /// Trailing digits of called numbers hidden from its customers' call
    /// history (0–6).
    pub mask_called_digits: i32,
    /// Its invoices list every call, service by service, in an appendix.
    pub itemized_invoices: bool,
    /// The operator's row: what a call to one of the tenant's own numbers
    /// costs a minute (billed by the second, no connect fee).
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub on_net_rate: DbDecimal,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
