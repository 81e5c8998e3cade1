//! The books: the proof that every cent is accounted for (`GET
//! /api/v1/books/check`), the trial balance, the journal and statements.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// One line of a trial balance: a book of a seller and its balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TrialBalanceRow {
    /// Whose books.
    pub seller_id: Uuid,
    /// The seller's name.
    pub seller_name: String,
    /// ISO 4217.
    pub currency: String,
    /// The book (`shared::ledger::Book` word).
    pub book: String,
    /// The book for people.
    pub label: String,
    /// Sum of its postings in the period (signed; see `shared::ledger`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub balance: Decimal,
}

/// What `books check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BooksCheckReport {
    /// No discrepancy.
    pub ok: bool,
    /// Journals read.
    pub journals: u64,
    /// Postings read.
    pub postings: u64,
    /// Accounts whose stored balance was compared with its postings.
    pub accounts: u64,
    /// Rated records checked against their usage journals.
    pub rated_records: u64,
    /// Invoices checked against their postings.
    pub invoices: u64,
    /// Every discrepancy, first found first (at most 100).
    pub discrepancies: Vec<String>,
    /// The trial balance of every seller (each sums to zero).
    pub trial_balance: Vec<TrialBalanceRow>,
}

/// `GET /api/v1/books/trial-balance`: a seller's books over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TrialBalance {
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Per book: the balance at the start, the movement in the period and
    /// the balance at the end.
    pub rows: Vec<TrialBalanceLine>,
    /// Sum of every book's closing balance (always zero).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total: Decimal,
}

/// A book in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TrialBalanceLine {
    /// The book word.
    pub book: String,
    /// For people.
    pub label: String,
    /// ISO 4217.
    pub currency: String,
    /// Balance before the period.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub opening: Decimal,
    /// Sum of the period's debits (negative postings).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub debits: Decimal,
    /// Sum of the period's credits (positive postings).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub credits: Decimal,
    /// Balance after the period.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub closing: Decimal,
}

/// One posting of a journal, for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PostingView {
    /// The book word.
    pub book: String,
    /// For people (the customer's name for customer accounts).
    pub label: String,
    /// The customer account, for customer postings.
    pub account_id: Option<Uuid>,
    /// Signed.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount: Decimal,
}

/// A journal with its postings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct JournalView {
    /// Id.
    pub id: Uuid,
    /// `usage`, `invoice`, `payment`…
    pub kind: String,
    /// Why.
    pub memo: String,
    /// Who.
    pub actor: String,
    /// ISO 4217.
    pub currency: String,
    /// What caused it (`cdr`, `invoice`, `payment`…) and its id.
    pub cause_type: Option<String>,
    /// The cause's id.
    pub cause_id: Option<Uuid>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Its postings (summing to zero).
    pub postings: Vec<PostingView>,
}

/// `GET /api/v1/customers/{id}/statement`: opening balance → postings →
/// closing balance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StatementView {
    /// The account.
    pub account_id: Uuid,
    /// ISO 4217.
    pub currency: String,
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Balance at the start of `from`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub opening: Decimal,
    /// The period's postings, oldest first, each with the balance after it.
    pub entries: Vec<crate::api::customers::LedgerEntryView>,
    /// Balance at the end of `to` (`opening` + the postings).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub closing: Decimal,
}
