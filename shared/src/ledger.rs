//! The double-entry ledger's rules, pure: which ledger accounts ("books")
//! exist, what kinds of journal move money, and the one invariant every
//! journal keeps — its postings sum to zero.
//!
//! Sign convention: a posting's amount is the change of its ledger
//! account's balance *as the account holder sees it*. A customer account
//! goes up when the customer is credited (top-up, payment, card) and down
//! when it is debited (calls, invoice). The seller's own books carry the
//! other side: revenue and tax payable grow as the customer is debited;
//! clearing accounts (Stripe, manual payments, card stock) go negative as
//! money comes in. A seller's trial balance therefore sums to zero.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Before any posting (timestamps compare as text on SQLite, so the
/// bounds are ordinary dates, not `DateTime::MIN_UTC`).
pub const BEGINNING: DateTime<Utc> = DateTime::from_timestamp_nanos(0);
/// After any posting (9999-12-31).
pub const END: DateTime<Utc> = DateTime::from_timestamp_nanos(i64::MAX);

/// A named ledger account of a seller's books. `Customer` is one per
/// customer account (the account id travels beside it); every other book
/// is one per seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Book {
    /// A customer's account (a reseller's wholesale account is one too, in
    /// its parent's books): prepaid money held, or what a postpaid
    /// customer owes when negative.
    Customer,
    /// Revenue from rated calls.
    RevenueUsage,
    /// Revenue from plan, bundle and reseller fees.
    RevenueRecurring,
    /// Revenue from one-off charges (credits on invoices reduce it).
    RevenueOneOff,
    /// The difference between calls rated to 4 places and their invoice
    /// line rounded to the currency's minor unit.
    Rounding,
    /// Tax collected for the authorities.
    TaxPayable,
    /// Prepaid cards redeemed: their value moves from here to the account.
    CardStock,
    /// Card payments received through the seller's Stripe account (and
    /// refunds paid back through it).
    StripeClearing,
    /// Payments recorded by staff (bank transfer, cash…).
    ManualPayments,
    /// Manual credits and debits (goodwill, write-offs).
    Adjustments,
    /// Invoices voided by credit notes.
    CreditNotes,
    /// Balances that existed before the journal did (carried over once,
    /// when the ledger was introduced).
    OpeningBalance,
}

impl Book {
    /// Every book, in trial-balance order.
    pub const ALL: [Book; 12] = [
        Book::Customer,
        Book::RevenueUsage,
        Book::RevenueRecurring,
        Book::RevenueOneOff,
        Book::Rounding,
        Book::TaxPayable,
        Book::CardStock,
        Book::StripeClearing,
        Book::ManualPayments,
        Book::Adjustments,
        Book::CreditNotes,
        Book::OpeningBalance,
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Book::Customer => "customer",
            Book::RevenueUsage => "revenue_usage",
            Book::RevenueRecurring => "revenue_recurring",
            Book::RevenueOneOff => "revenue_one_off",
            Book::Rounding => "rounding",
            Book::TaxPayable => "tax_payable",
            Book::CardStock => "card_stock",
            Book::StripeClearing => "stripe_clearing",
            Book::ManualPayments => "manual_payments",
            Book::Adjustments => "adjustments",
            Book::CreditNotes => "credit_notes",
            Book::OpeningBalance => "opening_balance",
        }
    }

    /// Parses the stored word.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            Book::Customer => "Customer accounts",
            Book::RevenueUsage => "Revenue — calls",
            Book::RevenueRecurring => "Revenue — recurring fees",
            Book::RevenueOneOff => "Revenue — one-off charges",
            Book::Rounding => "Invoice rounding",
            Book::TaxPayable => "Tax payable",
            Book::CardStock => "Prepaid card stock",
            Book::StripeClearing => "Stripe clearing",
            Book::ManualPayments => "Manual payments",
            Book::Adjustments => "Adjustments and write-offs",
            Book::CreditNotes => "Credit notes",
            Book::OpeningBalance => "Opening balances",
        }
    }
}

/// What a journal records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum JournalKind {
    /// Rated calls of one account in one CDR batch.
    Usage,
    /// An issued invoice's fees, one-off charges, credits, taxes and rounding.
    Invoice,
    /// A card or manual payment, or a top-up.
    Payment,
    /// A failed card charge: no money moves, the attempt is recorded.
    PaymentFailed,
    /// Money paid back.
    Refund,
    /// A prepaid card redeemed to an account.
    CardRedemption,
    /// A manual credit or debit by staff.
    Adjustment,
    /// An invoice voided by a credit note.
    CreditNote,
    /// A balance carried over from before the journal.
    Opening,
}

impl JournalKind {
    /// Every kind.
    pub const ALL: [JournalKind; 9] = [
        JournalKind::Usage,
        JournalKind::Invoice,
        JournalKind::Payment,
        JournalKind::PaymentFailed,
        JournalKind::Refund,
        JournalKind::CardRedemption,
        JournalKind::Adjustment,
        JournalKind::CreditNote,
        JournalKind::Opening,
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            JournalKind::Usage => "usage",
            JournalKind::Invoice => "invoice",
            JournalKind::Payment => "payment",
            JournalKind::PaymentFailed => "payment_failed",
            JournalKind::Refund => "refund",
            JournalKind::CardRedemption => "card_redemption",
            JournalKind::Adjustment => "adjustment",
            JournalKind::CreditNote => "credit_note",
            JournalKind::Opening => "opening",
        }
    }

    /// Parses the stored word.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One leg of a journal: a book (with the customer account for
/// [`Book::Customer`]) and the signed change of its balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leg {
    /// The ledger account.
    pub book: Book,
    /// The customer account, for [`Book::Customer`]; `None` otherwise.
    pub account_id: Option<Uuid>,
    /// The signed change (see the module's sign convention).
    pub amount: Decimal,
}

/// Why a set of legs cannot be a journal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LegsError {
    /// Fewer than two legs.
    #[error("a journal needs at least two postings")]
    TooFew,
    /// The legs do not sum to zero.
    #[error("the postings sum to {0}, not zero")]
    Unbalanced(Decimal),
    /// A customer leg without its account, or another book with one.
    #[error("a customer posting needs its account, and only it")]
    AccountMismatch,
}

/// Legs that sum to zero: the only thing a journal can be made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Legs(Vec<Leg>);

impl Legs {
    /// Checks the legs: at least two, each customer leg with its account
    /// (and no other), summing to zero.
    pub fn new(legs: Vec<Leg>) -> Result<Self, LegsError> {
        if legs.len() < 2 {
            return Err(LegsError::TooFew);
        }
        if legs
            .iter()
            .any(|l| (l.book == Book::Customer) != l.account_id.is_some())
        {
            return Err(LegsError::AccountMismatch);
        }
        let sum: Decimal = legs.iter().map(|l| l.amount).sum();
        if !sum.is_zero() {
            return Err(LegsError::Unbalanced(sum));
        }
        Ok(Self(legs))
    }

    /// Credits `account` with `amount` taken from `from` (a debit when
    /// `amount` is negative): the common two-legged journal.
    pub fn to_customer(account: Uuid, from: Book, amount: Decimal) -> Self {
        Self(vec![
            Leg {
                book: Book::Customer,
                account_id: Some(account),
                amount,
            },
            Leg {
                book: from,
                account_id: None,
                amount: -amount,
            },
        ])
    }

    /// The legs.
    pub fn legs(&self) -> &[Leg] {
        &self.0
    }

    /// What the journal changes `account`'s balance by.
    pub fn customer_delta(&self, account: Uuid) -> Decimal {
        self.0
            .iter()
            .filter(|l| l.account_id == Some(account))
            .map(|l| l.amount)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_journal_must_balance() {
        let a = Uuid::from_u128(1);
        let leg = |book, account_id, amount| Leg {
            book,
            account_id,
            amount,
        };
        assert_eq!(
            Legs::new(vec![leg(Book::Customer, Some(a), dec!(1))]),
            Err(LegsError::TooFew)
        );
        assert_eq!(
            Legs::new(vec![
                leg(Book::Customer, Some(a), dec!(-1.05)),
                leg(Book::RevenueUsage, None, dec!(1)),
            ]),
            Err(LegsError::Unbalanced(dec!(-0.05)))
        );
        assert_eq!(
            Legs::new(vec![
                leg(Book::Customer, None, dec!(-1)),
                leg(Book::RevenueUsage, None, dec!(1)),
            ]),
            Err(LegsError::AccountMismatch)
        );
        let ok = Legs::new(vec![
            leg(Book::Customer, Some(a), dec!(-1.2)),
            leg(Book::RevenueRecurring, None, dec!(1)),
            leg(Book::TaxPayable, None, dec!(0.2)),
        ])
        .map(|l| l.customer_delta(a));
        assert_eq!(ok, Ok(dec!(-1.2)));
    }

    #[test]
    fn words_round_trip() {
        for b in Book::ALL {
            assert_eq!(Book::parse(b.as_str()), Some(b));
        }
        for k in JournalKind::ALL {
            assert_eq!(JournalKind::parse(k.as_str()), Some(k));
        }
    }

    proptest! {
        #[test]
        fn a_transfer_always_balances(cents in -10_000_000i64..10_000_000, book in 1usize..12) {
            let amount = Decimal::new(cents, 4);
            let legs = Legs::to_customer(Uuid::from_u128(7), Book::ALL[book], amount);
            prop_assert!(Legs::new(legs.legs().to_vec()).is_ok());
            prop_assert_eq!(legs.customer_delta(Uuid::from_u128(7)), amount);
        }
    }
}
