//! The books prove themselves: [`check`] reads a tenant's whole journal
//! and everything that should have been posted, and names every
//! discrepancy — a journal that does not sum to zero, a stored balance
//! that is not the sum of its postings, a rated record not posted (or
//! posted at another price) at any level of its chain, an invoice whose
//! postings differ from its total — and prints each seller's trial balance.
//! `ringledger books check`, `GET /api/v1/books/check`, the end of every
//! money test and the bill run use it.

use crate::error::AppResult;
use ringledger_db::entities::{accounts, invoices, journals};
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::books::{BooksCheckReport, TrialBalanceRow};
use ringledger_shared::ids::{AccountId, InvoiceId};
use ringledger_shared::ledger::Book;
use ringledger_shared::ledger::JournalKind;
use ringledger_shared::status::InvoiceStatus;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// At most this many discrepancies are listed.
const MAX_LISTED: usize = 100;
/// Rows read per query.
const PAGE: u64 = 20_000;

/// Collects discrepancies.
#[derive(Default)]
struct Findings(Vec<String>, usize);

impl Findings {
    fn add(&mut self, s: String) {
        self.1 += 1;
        if self.0.len() < MAX_LISTED {
            self.0.push(s);
        }
    }
}

/// The accounts among `ids` whose stored balance is not the sum of their
/// postings (the bill run's check of the accounts it billed).
pub async fn balances_disagree(tx: &TenantTx, ids: &[AccountId]) -> AppResult<Vec<String>> {
    let sums = tx.ledger().posting_sums(ids).await?;
    Ok(tx
        .usage()
        .accounts_by_ids(ids)
        .await?
        .into_iter()
        .filter_map(|a| {
            let posted = sums.get(&a.id).copied().unwrap_or_default();
            (posted != a.balance.0).then(|| {
                format!(
                    "account {} stores a balance of {} but its postings sum to {posted}",
                    a.id,
                    a.balance.0.normalize()
                )
            })
        })
        .collect())
}

/// An invoice's billing period `[from, to)` and the invoice.
type Period = (
    chrono::DateTime<chrono::Utc>,
    chrono::DateTime<chrono::Utc>,
    Uuid,
);

/// Sum of a usage journal's customer legs, per account.
type UsageLegs = HashMap<Uuid, HashMap<Uuid, Decimal>>;

/// What the scan of every posting adds up.
struct PostingTotals {
    /// Sum and count of the postings of each journal.
    by_journal: HashMap<Uuid, (Decimal, u32)>,
    /// Sum of the postings of each account.
    by_account: HashMap<AccountId, Decimal>,
    /// Sum of the postings of each seller's book.
    by_book: BTreeMap<(Uuid, String), Decimal>,
    /// The customer legs of usage journals.
    usage_legs: UsageLegs,
    /// The customer legs of invoice journals.
    invoice_legs: HashMap<Uuid, Decimal>,
    /// How many postings were read.
    postings: u64,
}

/// What the scan of every rated record adds up, per invoice.
struct RatedTotals {
    /// How many rated records were read.
    rated: u64,
    /// The calls of each invoice's billing period.
    period_usage: HashMap<InvoiceId, Decimal>,
    /// The late records each invoice billed.
    billed_late: HashMap<InvoiceId, Decimal>,
    /// The wholesale charges each invoice billed.
    billed_wholesale: HashMap<InvoiceId, Decimal>,
}

/// Checks the books of the transaction's tenant.
pub async fn check(tx: &TenantTx) -> AppResult<BooksCheckReport> {
    let mut found = Findings::default();
    let sellers: HashMap<Uuid, String> = tx
        .sellers()
        .all_sellers()
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let accounts = tx.ledger().all_accounts().await?;
    let currency_of: HashMap<Uuid, String> = accounts
        .iter()
        .map(|a| (a.seller_id, a.currency.clone()))
        .collect();

    // 1. Every posting: journals sum to zero, balances per account and
    //    per book, the customer legs of usage and invoice journals.
    let totals = check_journals_balance(tx, &mut found).await?;

    // 2. Every stored balance is the sum of its postings.
    check_balances_match_postings(&accounts, &totals.by_account, &mut found);

    // 3. Every rated record is posted once per level, at that level's
    //    price, by the usage journal it names.
    let invoices = tx.ledger().all_invoices().await?;
    let rated = check_calls_posted_once(tx, &invoices, &totals.usage_legs, &mut found).await?;

    // 4. Every invoice equals its postings: what the calls of its period
    //    (and the late ones and wholesale charges it billed) were posted
    //    at, plus its own journal, is its total; a void one is credited
    //    back by its credit note.
    check_invoices_posted(tx, &invoices, &rated, &totals.invoice_legs, &mut found).await?;

    // 5. Each seller's trial balance sums to zero.
    let trial = check_trial_balances(&totals.by_book, &sellers, &currency_of, &mut found);
    let listed = found.0;
    Ok(BooksCheckReport {
        ok: found.1 == 0,
        journals: totals.by_journal.len() as u64,
        postings: totals.postings,
        accounts: accounts.len() as u64,
        rated_records: rated.rated,
        invoices: invoices.len() as u64,
        discrepancies: listed,
        trial_balance: trial,
    })
}

/// Reads every posting, names those in an unknown book and every journal
/// that does not sum to zero (or has fewer than two postings), and returns
/// the sums per journal, account, book and customer leg.
async fn check_journals_balance(tx: &TenantTx, found: &mut Findings) -> AppResult<PostingTotals> {
    let mut by_journal: HashMap<Uuid, (Decimal, u32)> = HashMap::new();
    let mut by_account: HashMap<AccountId, Decimal> = HashMap::new();
    let mut by_book: BTreeMap<(Uuid, String), Decimal> = BTreeMap::new();
    let mut usage_legs: UsageLegs = HashMap::new();
    let mut invoice_legs: HashMap<Uuid, Decimal> = HashMap::new();
    let mut postings = 0u64;
    let (near, far) = (super::ledger::BEGINNING, super::ledger::END);
    let mut after = None;
    loop {
        let page = tx
            .ledger()
            .postings_page(None, near, far, after, PAGE)
            .await?;
        for p in &page {
            postings += 1;
            let j = by_journal.entry(p.journal_id).or_default();
            j.0 += p.amount.0;
            j.1 += 1;
            *by_book.entry((p.seller_id, p.book.clone())).or_default() += p.amount.0;
            if Book::parse(&p.book).is_none() {
                found.add(format!(
                    "posting {} is in an unknown book `{}`",
                    p.id, p.book
                ));
            }
            if let Some(a) = p.account_id {
                *by_account.entry(a).or_default() += p.amount.0;
                match p.kind.as_str() {
                    "usage" => {
                        *usage_legs
                            .entry(p.journal_id)
                            .or_default()
                            .entry(a.into())
                            .or_default() += p.amount.0
                    }
                    "invoice" => *invoice_legs.entry(p.journal_id).or_default() += p.amount.0,
                    _ => {}
                }
            }
        }
        let done = (page.len() as u64) < PAGE;
        after = page.last().map(|p| (p.created_at, p.id));
        if done {
            break;
        }
    }
    let mut unbalanced: Vec<_> = by_journal
        .iter()
        .filter(|(_, (sum, n))| !sum.is_zero() || *n < 2)
        .collect();
    unbalanced.sort_by_key(|(id, _)| **id);
    for (id, (sum, n)) in unbalanced {
        found.add(format!(
            "journal {id} has {n} posting(s) summing to {sum}, not zero"
        ));
    }
    Ok(PostingTotals {
        by_journal,
        by_account,
        by_book,
        usage_legs,
        invoice_legs,
        postings,
    })
}

/// Names every account whose stored balance is not the sum of its postings.
fn check_balances_match_postings(
    accounts: &[accounts::Model],
    by_account: &HashMap<AccountId, Decimal>,
    found: &mut Findings,
) {
    for a in accounts {
        let posted = by_account.get(&a.id).copied().unwrap_or_default();
        if posted != a.balance.0 {
            found.add(format!(
                "account {} stores a balance of {} but its postings sum to {posted}",
                a.id,
                a.balance.0.normalize()
            ));
        }
    }
}

/// Names every rated record (and every level of its chain) not posted, and
/// every usage journal whose customer legs differ from the records naming
/// it; returns what the records add up to per invoice.
async fn check_calls_posted_once(
    tx: &TenantTx,
    invoices: &[invoices::Model],
    usage_legs: &UsageLegs,
    found: &mut Findings,
) -> AppResult<RatedTotals> {
    // Per account: rated charges by start time (for invoices), and per
    // invoice the late records and wholesale charges it billed.
    // Each invoice's billing period, per account: a call of that period is
    // summed into the invoice as it streams past (memory per invoice, not
    // per call).
    let midnight = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let mut periods: HashMap<AccountId, Vec<Period>> = HashMap::new();
    for inv in invoices {
        periods.entry(inv.account_id).or_default().push((
            midnight(inv.period_start),
            midnight(inv.period_end),
            inv.id.into(),
        ));
    }
    let (linked, rated) = scan_rated_records(tx, &periods, found).await?;
    check_usage_journals(tx, usage_legs, &linked, found).await?;
    Ok(rated)
}

/// Reads every rated record and the charges of its chain, names those
/// never posted, and returns what each usage journal should post per
/// account and what the records add up to per invoice.
async fn scan_rated_records(
    tx: &TenantTx,
    periods: &HashMap<AccountId, Vec<Period>>,
    found: &mut Findings,
) -> AppResult<(UsageLegs, RatedTotals)> {
    let mut linked: UsageLegs = HashMap::new();
    let mut rated = 0u64;
    let mut period_usage: HashMap<InvoiceId, Decimal> = HashMap::new();
    let mut billed_late: HashMap<InvoiceId, Decimal> = HashMap::new();
    let mut billed_wholesale: HashMap<InvoiceId, Decimal> = HashMap::new();
    let before_ledger = Uuid::nil();
    let mut after = None;
    loop {
        let page = tx.ledger().rated_records_page(after, PAGE).await?;
        let ids: Vec<Uuid> = page.iter().map(|r| r.id).collect();
        for r in &page {
            rated += 1;
            let Some(account) = r.account else {
                found.add(format!("rated record {} has no account", r.id));
                continue;
            };
            match (r.journal, r.charge.is_zero()) {
                (Some(j), _) if j == before_ledger => {}
                (Some(j), _) => {
                    *linked
                        .entry(j)
                        .or_default()
                        .entry(account.into())
                        .or_default() -= r.charge;
                }
                (None, true) => {}
                (None, false) => found.add(format!(
                    "rated record {} charged {} was never posted",
                    r.id,
                    r.charge.normalize()
                )),
            }
            if r.late {
                if let Some(inv) = r.invoice {
                    *billed_late.entry(InvoiceId(inv)).or_default() += r.charge;
                }
            } else {
                for (from, to, inv) in periods.get(&account).map_or(&[][..], Vec::as_slice) {
                    if r.start >= *from && r.start < *to {
                        *period_usage.entry(InvoiceId(*inv)).or_default() += r.charge;
                    }
                }
            }
        }
        for c in tx.sellers().charges_of_cdrs(&ids).await? {
            if let Some(inv) = c.invoice_id {
                *billed_wholesale.entry(inv).or_default() += c.charge.0;
            }
            match (c.journal_id, c.charge.0.is_zero()) {
                (Some(j), _) if j == before_ledger => {}
                (Some(j), _) => {
                    *linked
                        .entry(j)
                        .or_default()
                        .entry(c.account_id.into())
                        .or_default() -= c.charge.0;
                }
                (None, true) => {}
                (None, false) => found.add(format!(
                    "level {} of record {} (account {}) charged {} was never posted",
                    c.level,
                    c.cdr_id,
                    c.account_id,
                    c.charge.0.normalize()
                )),
            }
        }
        let done = (page.len() as u64) < PAGE;
        after = page.last().map(|r| r.id);
        if done {
            break;
        }
    }
    let totals = RatedTotals {
        rated,
        period_usage,
        billed_late,
        billed_wholesale,
    };
    Ok((linked, totals))
}

/// Names every usage journal whose customer legs differ from what the
/// records naming it charge.
async fn check_usage_journals(
    tx: &TenantTx,
    usage_legs: &UsageLegs,
    linked: &UsageLegs,
    found: &mut Findings,
) -> AppResult<()> {
    // Usage carried over from the one-sided ledger named no records.
    let legacy = tx.ledger().legacy_usage_journals().await?;
    let journal_ids: HashSet<Uuid> = usage_legs
        .keys()
        .chain(linked.keys())
        .filter(|j| !legacy.contains(j))
        .copied()
        .collect();
    let mut journal_ids: Vec<Uuid> = journal_ids.into_iter().collect();
    journal_ids.sort();
    for j in journal_ids {
        let posted = usage_legs.get(&j).cloned().unwrap_or_default();
        let expected = linked.get(&j).cloned().unwrap_or_default();
        let accounts: HashSet<&Uuid> = posted.keys().chain(expected.keys()).collect();
        for a in accounts {
            let p = posted.get(a).copied().unwrap_or_default();
            let e = expected.get(a).copied().unwrap_or_default();
            if p != e {
                found.add(format!(
                    "usage journal {j} posts {p} to account {a}, its records charge {}",
                    -e
                ));
            }
        }
    }
    Ok(())
}

/// Names every invoice whose postings differ from its total, and every
/// void one without a credit note.
async fn check_invoices_posted(
    tx: &TenantTx,
    invoices: &[invoices::Model],
    rated: &RatedTotals,
    invoice_legs: &HashMap<Uuid, Decimal>,
    found: &mut Findings,
) -> AppResult<()> {
    let journals = tx
        .ledger()
        .journals_of_kinds(&[JournalKind::Invoice, JournalKind::CreditNote])
        .await?;
    let mut invoice_journal: HashMap<Uuid, &journals::Model> = HashMap::new();
    let mut credit_notes: HashSet<String> = HashSet::new();
    for j in &journals {
        if j.kind == JournalKind::Invoice
            && let Some(inv) = j.cause_id
        {
            invoice_journal.insert(inv, j);
        }
        if j.kind == JournalKind::CreditNote {
            credit_notes.insert(j.idempotency_key.clone());
        }
    }
    for inv in invoices {
        check_invoice(
            inv,
            &rated.period_usage,
            &rated.billed_late,
            &rated.billed_wholesale,
            &invoice_journal,
            invoice_legs,
            &credit_notes,
            found,
        );
    }
    Ok(())
}

/// Builds each seller's trial balance and names every seller whose books
/// do not sum to zero.
fn check_trial_balances(
    by_book: &BTreeMap<(Uuid, String), Decimal>,
    sellers: &HashMap<Uuid, String>,
    currency_of: &HashMap<Uuid, String>,
    found: &mut Findings,
) -> Vec<TrialBalanceRow> {
    let mut trial = Vec::new();
    let mut per_seller: BTreeMap<Uuid, Decimal> = BTreeMap::new();
    for ((seller, book), balance) in by_book.iter() {
        *per_seller.entry(*seller).or_default() += *balance;
        trial.push(TrialBalanceRow {
            seller_id: *seller,
            seller_name: sellers.get(seller).cloned().unwrap_or_default(),
            currency: currency_of.get(seller).cloned().unwrap_or_default(),
            book: book.clone(),
            label: Book::parse(book).map_or_else(|| book.clone(), |b| b.label().to_owned()),
            balance: balance.normalize(),
        });
    }
    for (seller, total) in per_seller {
        if !total.is_zero() {
            found.add(format!(
                "the trial balance of seller {seller} sums to {total}, not zero"
            ));
        }
    }
    trial
}

#[allow(clippy::too_many_arguments)]
fn check_invoice(
    inv: &invoices::Model,
    period_usage: &HashMap<InvoiceId, Decimal>,
    billed_late: &HashMap<InvoiceId, Decimal>,
    billed_wholesale: &HashMap<InvoiceId, Decimal>,
    invoice_journal: &HashMap<Uuid, &journals::Model>,
    invoice_legs: &HashMap<Uuid, Decimal>,
    credit_notes: &HashSet<String>,
    found: &mut Findings,
) {
    let usage: Decimal = period_usage.get(&inv.id).copied().unwrap_or_default()
        + billed_late.get(&inv.id).copied().unwrap_or_default()
        + billed_wholesale.get(&inv.id).copied().unwrap_or_default();
    let own = invoice_journal
        .get(&inv.id.0)
        .and_then(|j| invoice_legs.get(&j.id))
        .copied()
        .unwrap_or_default();
    let posted = usage - own;
    if posted != inv.total.0 {
        found.add(format!(
            "invoice {} totals {} but its calls were posted at {} and its journal at {}",
            inv.number,
            inv.total.0.normalize(),
            usage.normalize(),
            (-own).normalize()
        ));
    }
    if inv.status == InvoiceStatus::Void
        && !inv.total.0.is_zero()
        && !credit_notes.contains(&format!("credit_note:{}", inv.id))
    {
        found.add(format!(
            "invoice {} is void but no credit note was posted",
            inv.number
        ));
    }
}
