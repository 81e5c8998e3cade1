//! Bill runs: every account of a seller whose billing period ended by the
//! run's day gets exactly one invoice for that period.
//!
//! Accounts are invoiced in chunks, each in one transaction that holds the
//! seller's row lock (invoice numbers without gaps), re-checks which of its
//! accounts are still due, writes the invoices, their lines, the ledger
//! debits and the e-mails (outbox), and advances the run's progress. A run
//! killed half-way resumes where it stopped (`resume`); running it twice
//! issues nothing twice (the unique key on account and period).

use super::compose::{Inputs, InvoiceLine, ServiceUsage, compose, tax_mode};
use crate::error::{AppError, AppResult};
use crate::services::seller_tree::{SellerTree, chain_fee};
use crate::state::AppState;
use chrono::{Days, NaiveDate};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{
    account_services, accounts, bill_runs, bundle_subscriptions, invoice_lines, invoices,
    outbound_emails, sellers,
};
use ringledger_db::repo::{Stamp, TenantTx};
use ringledger_shared::billing::{BillingPeriod, totals};
use ringledger_shared::ids::{SellerId, TenantId};
use ringledger_shared::money::minor_places;
use ringledger_shared::status::{BillRunStatus, EmailStatus, InvoiceStatus};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

fn nothing_due_since(state: &AppState, tenant: TenantId, today: NaiveDate, stamp: Stamp) -> bool {
    state
        .jobs()
        .nothing_due
        .lock()
        .ok()
        .and_then(|m| m.get(&tenant).copied())
        == Some((today, stamp))
}

fn remember_nothing_due(state: &AppState, tenant: TenantId, today: NaiveDate, stamp: Stamp) {
    if let Ok(mut m) = state.jobs().nothing_due.lock() {
        m.insert(tenant, (today, stamp));
    }
}

/// The journal of an issued invoice: usage was posted call by call
/// (unrounded); the rest of the invoice — fees, one-off charges and
/// credits, taxes, and the rounding of the usage lines — is debited now,
/// each to its revenue book. `None` when nothing is left to post.
fn invoice_journal(
    account: &ringledger_db::entities::accounts::Model,
    invoice: &invoices::Model,
    lines: &[crate::services::billing::compose::InvoiceLine],
    raw_usage: Decimal,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<ringledger_db::repo::NewJournal> {
    use crate::services::ledger::Details;
    use ringledger_shared::billing::LineKind;
    use ringledger_shared::ledger::{Book, JournalKind, Leg, Legs};
    let sum = |kinds: &[LineKind]| -> Decimal {
        lines
            .iter()
            .filter(|l| kinds.contains(&l.line.kind))
            .map(|l| l.line.net)
            .sum()
    };
    let tax: Decimal = lines.iter().map(|l| l.line.tax).sum();
    let parts = [
        (Book::RevenueRecurring, sum(&[LineKind::Recurring])),
        (
            Book::RevenueOneOff,
            sum(&[LineKind::OneOff, LineKind::Credit]),
        ),
        (Book::TaxPayable, tax),
        (Book::Rounding, sum(&[LineKind::Usage]) - raw_usage),
    ];
    let debit: Decimal = parts.iter().map(|(_, a)| *a).sum();
    if parts.iter().all(|(_, a)| a.is_zero()) {
        return None;
    }
    let mut legs = vec![Leg {
        book: Book::Customer,
        account_id: Some(account.id),
        amount: -debit,
    }];
    legs.extend(
        parts
            .iter()
            .filter(|(_, a)| !a.is_zero())
            .map(|&(book, amount)| Leg {
                book,
                account_id: None,
                amount,
            }),
    );
    let legs = Legs::new(legs).ok()?;
    Some(
        crate::services::ledger::journal(
            JournalKind::Invoice,
            account,
            format!("invoice:{}", invoice.id),
            legs,
            now,
        )
        .memo(format!(
            "invoice {}: fees, charges and taxes",
            invoice.number
        ))
        .actor("bill run")
        .cause("invoice", invoice.id),
    )
}

/// Marks a run as processed by this process; `false` if it already is.
fn claim(state: &AppState, run: Uuid) -> bool {
    state
        .jobs()
        .active_runs
        .lock()
        .map(|mut set| set.insert(run))
        .unwrap_or(false)
}

fn release(state: &AppState, run: Uuid) {
    if let Ok(mut set) = state.jobs().active_runs.lock() {
        set.remove(&run);
    }
}

/// What a run reads once instead of once per chunk.
#[derive(Default)]
struct Preloaded {
    /// Usage per service, summed per billing period (PostgreSQL).
    usage: HashMap<BillingPeriod, HashMap<Uuid, ServiceUsage>>,
    /// What each due account's earlier invoices still ask for.
    open: HashMap<Uuid, Decimal>,
    /// Late records not billed yet, per account: (service, cdr, usage).
    /// Ones arriving during the run wait for the account's next invoice.
    late: HashMap<Uuid, Vec<(Uuid, Uuid, ServiceUsage)>>,
    /// The tenant's sellers (markups of the run's seller, its resellers'
    /// wholesale accounts).
    tree: SellerTree,
}

/// Where a run's time goes, phase by phase, summed over its chunks and
/// logged when it ends (the numbers behind `scripts/bench-bill-run.sh`).
#[derive(Default)]
struct Laps {
    last: Option<std::time::Instant>,
    spent: Vec<(&'static str, std::time::Duration)>,
}

impl Laps {
    /// Charges the time since the previous lap to `phase`.
    fn lap(&mut self, phase: &'static str) {
        let now = std::time::Instant::now();
        let took = self.last.map(|t| now - t).unwrap_or_default();
        self.last = Some(now);
        match self.spent.iter_mut().find(|(p, _)| *p == phase) {
            Some((_, d)) => *d += took,
            None => self.spent.push((phase, took)),
        }
    }

    /// `phase=1.234s …`, in the order the phases first ran.
    fn summary(&self) -> String {
        self.spent
            .iter()
            .map(|(p, d)| format!("{p}={:.3}s", d.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// An account due for an invoice, and its period.
struct Due {
    account: accounts::Model,
    period: BillingPeriod,
}

/// The accounts of `seller` owing an invoice as of `as_of`.
async fn due_accounts(tx: &TenantTx, seller: Uuid, as_of: NaiveDate) -> AppResult<Vec<Due>> {
    let since = as_of.checked_sub_days(Days::new(70)).unwrap_or(as_of);
    let invoiced = tx.invoiced_periods(seller, since).await?;
    Ok(tx
        .accounts_of_seller(seller)
        .await?
        .into_iter()
        .filter_map(|account| {
            let period = BillingPeriod::last_ended(as_of, account.billing_day.max(1) as u32)?;
            let fresh = account.created_at.date_naive() < period.end
                && !invoiced.contains(&(account.id, period.start));
            fresh.then_some(Due { account, period })
        })
        .collect())
}

/// Starts (or finds) the bill run of the staff's seller for `as_of`, and
/// processes it in the background.
pub async fn start(
    state: &AppState,
    tenant: TenantId,
    seller: SellerId,
    as_of: NaiveDate,
    actor: &str,
) -> AppResult<bill_runs::Model> {
    let run = create(state, tenant, seller, as_of, actor).await?;
    if run.status == BillRunStatus::Running {
        spawn(state, tenant, run.id);
    }
    Ok(run)
}

/// Finds or creates the run of `seller` for `as_of` (without processing it).
pub async fn create(
    state: &AppState,
    tenant: TenantId,
    seller: SellerId,
    as_of: NaiveDate,
    actor: &str,
) -> AppResult<bill_runs::Model> {
    let tx = state.repos().tenant(tenant).await?;
    // From here on, CDRs of periods this run closes are late (next invoice).
    tx.close_seller_periods(seller.as_uuid()).await?;
    let run = match tx.bill_run_on(seller.as_uuid(), as_of).await? {
        Some(run) => run,
        None => {
            let due = due_accounts(&tx, seller.as_uuid(), as_of).await?;
            match tx
                .insert_bill_run(bill_runs::Model {
                    tenant_id: tenant.as_uuid(),
                    id: Uuid::now_v7(),
                    seller_id: seller.as_uuid(),
                    as_of,
                    status: BillRunStatus::Running,
                    total_accounts: due.len() as i64,
                    done_accounts: 0,
                    invoices: 0,
                    invoiced: DbDecimal(Decimal::ZERO),
                    started_by: actor.chars().take(100).collect(),
                    started_at: state.clock().now(),
                    finished_at: None,
                    claimed_by: None,
                    claimed_until: None,
                })
                .await
            {
                Ok(run) => run,
                Err(e) => {
                    let e = AppError::from(e);
                    if e.code != ringledger_shared::ErrorCode::Conflict {
                        return Err(e);
                    }
                    // Another instance's scheduler created the same run meanwhile.
                    drop(tx);
                    let tx = state.repos().tenant_read(tenant).await?;
                    let run = tx.bill_run_on(seller.as_uuid(), as_of).await?.ok_or(e)?;
                    tx.commit().await?;
                    return Ok(run);
                }
            }
        }
    };
    tx.commit().await?;
    Ok(run)
}

/// Processes a run in the background.
pub fn spawn(state: &AppState, tenant: TenantId, run: Uuid) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = process(&state, tenant, run).await {
            tracing::error!(run = %run, error = ?e.cause, message = %e.message, "bill run failed; it resumes on the next start");
        }
    });
}

/// How long a bill run stays leased to the instance processing it without
/// news from it (the lease is renewed with every chunk, about once a
/// second). Leases are in real time, not the application's clock.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);

/// Processes a run to the end. A no-op if this process already is, or if
/// another instance holds the run's lease.
pub async fn process(state: &AppState, tenant: TenantId, run_id: Uuid) -> AppResult<()> {
    if !claim(state, run_id) {
        return Ok(());
    }
    let result = async {
        let tx = state.repos().tenant(tenant).await?;
        let leased = tx
            .lease_bill_run(run_id, state.instance_id(), chrono::Utc::now(), LEASE)
            .await?;
        tx.commit().await?;
        if leased {
            process_claimed(state, tenant, run_id).await
        } else {
            Ok(())
        }
    }
    .await;
    release(state, run_id);
    result
}

async fn process_claimed(state: &AppState, tenant: TenantId, run_id: Uuid) -> AppResult<()> {
    let mut laps = Laps::default();
    laps.lap("start");
    let tx = state.repos().tenant_read(tenant).await?;
    let run = tx
        .bill_run(run_id)
        .await?
        .ok_or_else(|| AppError::not_found("bill run"))?;
    let due = due_accounts(&tx, run.seller_id, run.as_of).await?;
    laps.lap("due_accounts");
    // On PostgreSQL the usage of every period is summed in one pass over
    // the CDRs (one scan beats a hundred scattered index probes).
    let mut preloaded = Preloaded::default();
    let periods: HashSet<BillingPeriod> = due.iter().map(|d| d.period).collect();
    for p in periods {
        if let Some(all) = tx
            .usage_by_service_all(midnight(p.start), midnight(p.end))
            .await?
        {
            preloaded.usage.insert(p, all);
        }
    }
    laps.lap("usage_sums");
    // Read before this run's invoices exist (each account gets one invoice
    // per run, so later ones cannot be brought forward into this run).
    let ids: Vec<Uuid> = due.iter().map(|d| d.account.id).collect();
    preloaded.open = tx.open_amounts(&ids).await?;
    for (account, service, cdr, u) in tx.late_unbilled().await? {
        preloaded
            .late
            .entry(account)
            .or_default()
            .push((service, cdr, u));
    }
    preloaded.tree = SellerTree::load(&tx).await?;
    tx.commit().await?;
    laps.lap("open_amounts");
    let size = state.settings().bill_run_chunk.max(1);
    let pause = std::time::Duration::from_millis(state.settings().bill_run_pause_ms);
    for chunk in due.chunks(size) {
        // Stopping: the chunk under way has committed; the rest resumes on
        // the next start (or on another instance once the lease lapses).
        let Some(_unit) = state.jobs().enter() else {
            return Ok(());
        };
        // Optimistic: the unique key on (account, period) catches an account
        // that another run or instance billed meanwhile; only then is the
        // chunk redone with an explicit check (which reads the invoices
        // table, growing as the run goes, so it is not done every time).
        let tx = state.repos().tenant(tenant).await?;
        let first = issue_chunk(state, &tx, run_id, chunk, &preloaded, false, &mut laps).await;
        let charging = match first {
            Ok(Some(c)) => {
                tx.commit().await?;
                c
            }
            Ok(None) => {
                tracing::info!(run = %run_id, "another instance took the bill run over");
                return Ok(());
            }
            Err(e) if e.code == ringledger_shared::ErrorCode::Conflict => {
                drop(tx);
                let tx = state.repos().tenant(tenant).await?;
                let Some(c) =
                    issue_chunk(state, &tx, run_id, chunk, &preloaded, true, &mut laps).await?
                else {
                    return Ok(());
                };
                tx.commit().await?;
                c
            }
            Err(e) => return Err(e),
        };
        laps.lap("commit");
        if charging {
            let s = state.clone();
            tokio::spawn(async move {
                if let Err(e) = crate::services::payments::auto::charge_due(&s).await {
                    tracing::warn!(error = ?e.cause, message = %e.message, "automatic charges failed");
                }
            });
        }
        if !pause.is_zero() {
            tokio::time::sleep(pause).await;
        }
    }
    let tx = state.repos().tenant(tenant).await?;
    if let Some(mut run) = tx.bill_run(run_id).await? {
        run.status = BillRunStatus::Done;
        run.finished_at = Some(state.clock().now());
        tx.update_bill_run(run).await?;
    }
    tx.commit().await?;
    laps.lap("finish");
    // The invoice e-mails go out after the run, not beside it: rendering
    // PDFs would take the CPU the run is using.
    if state.take_mail_pending() {
        crate::email::kick(state);
    }
    tracing::info!(run = %run_id, accounts = due.len(), phases = %laps.summary(), "bill run finished");
    Ok(())
}

/// Resumes every unfinished run that no live instance holds: at start-up
/// (what this process left when it stopped) and on every scheduler pass
/// (what another instance left when it died).
pub async fn resume(state: &AppState) -> AppResult<()> {
    let tx = state.repos().platform_read().await?;
    let runs = tx
        .running_bill_runs(state.instance_id(), chrono::Utc::now())
        .await?;
    tx.commit().await?;
    for (tenant, run) in runs {
        spawn(state, TenantId(tenant), run);
    }
    Ok(())
}

/// The scheduler's pass: for every active tenant whose accounts have a
/// period that ended, starts today's bill run (once a day per seller).
pub async fn schedule(state: &AppState) -> AppResult<()> {
    let today = state.clock().now().date_naive();
    let tx = state.repos().platform_read().await?;
    let (tenants, _) = tx.list_tenants(0, 100_000).await?;
    let mut by_tenant = Vec::new();
    for t in tenants.iter().filter(|t| t.status == "active") {
        // The operator and every reseller bill their own customers.
        let sellers: Vec<Uuid> = tx
            .sellers_of(TenantId(t.id))
            .await?
            .iter()
            .map(|s| s.id)
            .collect();
        by_tenant.push((TenantId(t.id), sellers));
    }
    tx.commit().await?;
    for (tenant, sellers) in by_tenant {
        let stamp = state.repos().stamp(tenant);
        if nothing_due_since(state, tenant, today, stamp) {
            continue;
        }
        let mut started = false;
        for seller in sellers {
            let tx = state.repos().tenant_read(tenant).await?;
            let due = if tx.bill_run_on(seller, today).await?.is_some() {
                false
            } else {
                !due_accounts(&tx, seller, today).await?.is_empty()
            };
            tx.commit().await?;
            if due {
                start(state, tenant, SellerId(seller), today, "scheduler").await?;
                started = true;
            }
        }
        if !started {
            remember_nothing_due(state, tenant, today, stamp);
        }
    }
    Ok(())
}

/// Invoices one chunk of due accounts inside `tx`. `Some(whether
/// automatic charges were queued)`, or `None` when the run's lease passed to
/// another instance (nothing written).
async fn issue_chunk(
    state: &AppState,
    tx: &TenantTx,
    run_id: Uuid,
    chunk: &[Due],
    preloaded: &Preloaded,
    recheck: bool,
    laps: &mut Laps,
) -> AppResult<Option<bool>> {
    let mut run = tx
        .bill_run(run_id)
        .await?
        .ok_or_else(|| AppError::not_found("bill run"))?;
    // Another instance took the run over (this one stalled past its lease).
    if run.claimed_by.as_deref() != Some(state.instance_id())
        || run.status != BillRunStatus::Running
    {
        return Ok(None);
    }
    run.claimed_until = Some(chrono::Utc::now() + LEASE);
    // The seller's row lock: numbers are handed out here, one chunk at a time.
    let seller = tx
        .seller_for_update(run.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("seller"))?;
    laps.lap("lock");
    let ids: Vec<Uuid> = chunk.iter().map(|d| d.account.id).collect();
    let min_start = chunk
        .iter()
        .map(|d| d.period.start)
        .min()
        .unwrap_or(run.as_of);
    // Another run (or instance) may have billed some of them meanwhile.
    let done = if recheck {
        tx.invoiced_periods_of(&ids, min_start).await?
    } else {
        HashSet::new()
    };
    let due: Vec<&Due> = chunk
        .iter()
        .filter(|d| !done.contains(&(d.account.id, d.period.start)))
        .collect();
    let skipped = chunk.len() - due.len();
    let due_count = due.len();

    let accounts: HashMap<Uuid, accounts::Model> = tx
        .accounts_for_update(&ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    laps.lap("read_accounts");
    let customer_ids: Vec<Uuid> = accounts.values().map(|a| a.customer_id).collect();
    let customers: HashMap<Uuid, _> = tx
        .customers_by_ids(&customer_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    laps.lap("read_customers");
    let mut services: HashMap<Uuid, Vec<account_services::Model>> = HashMap::new();
    for s in tx.services_of(&ids).await? {
        services.entry(s.account_id).or_default().push(s);
    }
    let mut subscriptions: HashMap<Uuid, Vec<bundle_subscriptions::Model>> = HashMap::new();
    for s in tx.subscriptions_of(&ids).await? {
        subscriptions.entry(s.account_id).or_default().push(s);
    }
    laps.lap("read_services");
    let plans = tx
        .list_plans()
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let bundles = tx
        .all_bundles()
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let rates: HashMap<String, Decimal> = tx
        .tax_rates_of(seller.id)
        .await?
        .into_iter()
        .map(|r| (r.country, r.rate.0))
        .collect();
    let latest_end = chunk
        .iter()
        .map(|d| d.period.end)
        .max()
        .unwrap_or(run.as_of);
    laps.lap("read_catalog");
    let mut one_offs: HashMap<Uuid, Vec<_>> = HashMap::new();
    for c in tx.unbilled_one_offs(&ids, midnight(latest_end)).await? {
        one_offs.entry(c.account_id).or_default().push(c);
    }
    laps.lap("read_one_offs");
    // Usage and money received, per period (accounts share few periods).
    let mut by_period: HashMap<BillingPeriod, Vec<Uuid>> = HashMap::new();
    for d in &due {
        by_period.entry(d.period).or_default().push(d.account.id);
    }
    let mut usage: HashMap<Uuid, ServiceUsage> = HashMap::new();
    let mut received: HashMap<Uuid, Decimal> = HashMap::new();
    for (period, accounts_in) in &by_period {
        let (s, e) = (midnight(period.start), midnight(period.end));
        match preloaded.usage.get(period) {
            // Summed once for the whole run (PostgreSQL): pick this chunk's.
            Some(all) => {
                for a in accounts_in {
                    for svc in services.get(a).map_or(&[][..], |v| v.as_slice()) {
                        if let Some(u) = all.get(&svc.id) {
                            usage.insert(svc.id, u.clone());
                        }
                    }
                }
            }
            None => usage.extend(tx.usage_by_service(accounts_in, s, e).await?),
        }
        received.extend(tx.received(accounts_in, s, e).await?);
    }
    // The resellers directly under this seller bill through their wholesale
    // accounts: their customers' calls at this seller's prices.
    let wholesale_of: HashMap<Uuid, &sellers::Model> = preloaded
        .tree
        .children(seller.id)
        .iter()
        .filter_map(|c| preloaded.tree.get(*c))
        .filter_map(|r| Some((r.wholesale_account_id?, r)))
        .collect();
    // (Everything unbilled up to the period's end: a call that came after
    // the last wholesale invoice is on this one. The accounts are locked.)
    let mut wholesale: HashMap<Uuid, Vec<(String, ServiceUsage)>> = HashMap::new();
    for (period, accounts_in) in &by_period {
        let ids: Vec<Uuid> = accounts_in
            .iter()
            .filter(|a| wholesale_of.contains_key(a))
            .copied()
            .collect();
        if !ids.is_empty() {
            wholesale.extend(tx.wholesale_usage(&ids, midnight(period.end)).await?);
        }
    }
    // A reseller's customers pay plan and bundle fees with its markups.
    let chain = preloaded.tree.resellers_of(seller.id);
    // Records that arrived after a run closed their period: on this invoice.
    let mut late: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for d in &due {
        for (service, cdr, u) in preloaded.late.get(&d.account.id).into_iter().flatten() {
            *usage.entry(*service).or_default() += u;
            late.entry(d.account.id).or_default().push(*cdr);
        }
    }

    laps.lap("read");
    let now = state.clock().now();
    let today = now.date_naive();
    let mode = tax_mode(&seller.tax_mode);
    let mut next = seller.next_invoice_number;
    let (mut new_invoices, mut new_lines, mut journals) = (Vec::new(), Vec::new(), Vec::new());
    let mut mails = Vec::new();
    for d in due {
        let Some(account) = accounts.get(&d.account.id) else {
            continue;
        };
        let Some(customer) = customers.get(&account.customer_id) else {
            continue;
        };
        let places = minor_places(&account.currency);
        let own_one_offs: Vec<_> = one_offs
            .get(&account.id)
            .map(|v| {
                v.iter()
                    .filter(|c| c.created_at < midnight(d.period.end))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let tax_rate = rates
            .get(&customer.country)
            .or_else(|| rates.get(""))
            .copied()
            .unwrap_or_default();
        let lines = compose(&Inputs {
            period: d.period,
            services: services.get(&account.id).map_or(&[], |v| v.as_slice()),
            plans: &plans,
            subscriptions: subscriptions.get(&account.id).map_or(&[], |v| v.as_slice()),
            bundles: &bundles,
            usage: &usage,
            one_offs: &own_one_offs,
            tax_rate,
            tax_mode: mode,
            places,
            fee: &|f| chain_fee(f, &chain, places),
            wholesale: wholesale.get(&account.id).map_or(&[], |v| v.as_slice()),
            reseller_fee: wholesale_of
                .get(&account.id)
                .map(|r| (r.name.as_str(), r.reseller_fee.0, r.created_at.date_naive())),
        });
        let t = totals(lines.iter().map(|l| &l.line));
        let id = Uuid::now_v7();
        let prepaid = account.kind == "prepaid";
        let amount_due = if prepaid {
            Decimal::ZERO
        } else {
            t.total.max(Decimal::ZERO)
        };
        let status = if amount_due.is_zero() {
            InvoiceStatus::Paid
        } else {
            InvoiceStatus::Open
        };
        let number = format!("{}{next:06}", seller.invoice_prefix);
        let invoice = invoices::Model {
            tenant_id: account.tenant_id,
            id,
            seller_id: seller.id,
            account_id: account.id,
            customer_id: customer.id,
            bill_run_id: Some(run.id),
            sequence: next,
            number: number.clone(),
            period_start: d.period.start,
            period_end: d.period.end,
            issued_on: today,
            due_on: today
                .checked_add_days(Days::new(seller.payment_terms_days.max(0) as u64))
                .unwrap_or(today),
            currency: account.currency.clone(),
            tax_mode: seller.tax_mode.clone(),
            prepaid,
            subtotal: DbDecimal(t.subtotal),
            tax_total: DbDecimal(t.tax),
            total: DbDecimal(t.total),
            brought_forward: DbDecimal(
                preloaded.open.get(&account.id).copied().unwrap_or_default(),
            ),
            payments: DbDecimal(received.get(&account.id).copied().unwrap_or_default()),
            amount_due: DbDecimal(amount_due),
            status,
            created_at: now,
            // A prepaid statement was paid from the balance as it was used
            // (calls one by one, the rest now): what was drawn.
            amount_paid: DbDecimal(if prepaid {
                t.total.max(Decimal::ZERO)
            } else {
                Decimal::ZERO
            }),
            paid_at: (status == InvoiceStatus::Paid).then_some(now),
        };
        next += 1;
        // Usage was debited call by call (unrounded); the rest of the
        // invoice — fees, one-offs, taxes, rounding — is debited now.
        let raw_usage: Decimal = services
            .get(&account.id)
            .map(|v| {
                v.iter()
                    .filter_map(|s| usage.get(&s.id))
                    .map(|u| u.charge)
                    .sum::<Decimal>()
            })
            .unwrap_or_default()
            + wholesale
                .get(&account.id)
                .map(|v| v.iter().map(|(_, u)| u.charge).sum::<Decimal>())
                .unwrap_or_default();
        if let Some(j) = invoice_journal(account, &invoice, &lines, raw_usage, now) {
            journals.push(j);
        }
        tx.bill_one_offs(&own_one_offs.iter().map(|c| c.id).collect::<Vec<_>>(), id)
            .await?;
        if wholesale.contains_key(&account.id) {
            tx.bill_wholesale(account.id, midnight(d.period.end), id)
                .await?;
        }
        if let Some(cdrs) = late.get(&account.id)
            && !tx.bill_late(cdrs, id).await?
        {
            // Billed by another invoice meanwhile: redo the chunk with a check.
            return Err(AppError::new(
                ringledger_shared::ErrorCode::Conflict,
                "late records were billed meanwhile",
            ));
        }
        new_lines.extend(
            lines
                .into_iter()
                .enumerate()
                .map(|(i, l)| line_row(account.tenant_id, id, i, l)),
        );
        run.invoices += 1;
        run.invoiced = DbDecimal(run.invoiced.0 + t.total);
        mails.push((
            invoice.clone(),
            customer.email.clone(),
            customer.name.clone(),
        ));
        new_invoices.push(invoice);
    }
    laps.lap("compose");
    // Accounts with a saved card are charged automatically (by the charge
    // job, outside this transaction; the payment rows are written here).
    let cards: HashMap<Uuid, String> = tx
        .card_profiles(&ids)
        .await?
        .iter()
        .filter_map(|p| Some((p.account_id, crate::services::payments::saved_card(p)?)))
        .collect();
    let charges =
        crate::services::payments::auto::charges_for(run.tenant_id, &new_invoices, &cards, now);
    let charging = !charges.is_empty();
    laps.lap("read");
    tx.insert_invoices(new_invoices, new_lines).await?;
    laps.lap("write_invoices");
    tx.insert_payments(charges).await?;
    crate::services::ledger::post_all(tx, journals).await?;
    // The books of the billed accounts, checked before the chunk commits:
    // each stored balance is still the sum of its postings.
    for d in crate::services::books::balances_disagree(tx, &ids).await? {
        tracing::error!(run = %run.id, "books check after a bill-run chunk: {d}");
    }
    laps.lap("write_ledger");
    queue_invoice_mails(state, tx, &seller, mails).await?;
    laps.lap("write_mails");
    tx.set_seller_counters(seller.id, next, seller.next_credit_note_number)
        .await?;
    // Accounts billed elsewhere meanwhile count as done too.
    run.done_accounts += (due_count + skipped) as i64;
    tx.update_bill_run(run).await?;
    laps.lap("progress");
    Ok(Some(charging))
}

fn midnight(d: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

fn line_row(tenant: Uuid, invoice: Uuid, i: usize, l: InvoiceLine) -> invoice_lines::Model {
    invoice_lines::Model {
        tenant_id: tenant,
        invoice_id: invoice,
        position: i as i32,
        kind: l.line.kind.as_str().into(),
        service_kind: l.service_kind,
        description: l.description.chars().take(200).collect(),
        calls: l.calls,
        billable_secs: l.billable_secs,
        allowance_secs: l.allowance_secs,
        net: DbDecimal(l.line.net),
        tax_rate: DbDecimal(l.line.tax_rate),
        tax: DbDecimal(l.line.tax),
        gross: DbDecimal(l.line.gross),
    }
}

/// Queues the invoice e-mails (PDF attached when sent) in `tx`, in bulk:
/// the invoices are new, so their keys (`invoice:{id}`) are too.
async fn queue_invoice_mails(
    state: &AppState,
    tx: &TenantTx,
    seller: &sellers::Model,
    mails: Vec<(invoices::Model, String, String)>,
) -> AppResult<()> {
    if mails.is_empty() {
        return Ok(());
    }
    let portal = tx
        .tenant()
        .await?
        .map(|t| state.seller_portal_url(&t.slug, seller))
        .unwrap_or_default();
    let now = state.clock().now();
    let rows = mails
        .into_iter()
        .map(|(invoice, email, name)| {
            let pay = format!("{portal}/account/invoices/{}", invoice.id);
            let body = format!(
                "Hello {name},\n\nyour invoice {} from {} for {} to {} is attached.\n\
                 Total: {} {}\nAmount due: {} {} by {}\n\nPay now: {pay}\n\n{}\n",
                invoice.number,
                seller.name,
                invoice.period_start,
                invoice.period_end.pred_opt().unwrap_or(invoice.period_end),
                invoice.total.0,
                invoice.currency,
                invoice.amount_due.0,
                invoice.currency,
                invoice.due_on,
                seller.name,
            );
            outbound_emails::Model {
                tenant_id: invoice.tenant_id,
                id: Uuid::now_v7(),
                idempotency_key: format!("invoice:{}", invoice.id),
                to_address: email,
                subject: format!("Invoice {} from {}", invoice.number, seller.name),
                body_text: body,
                status: EmailStatus::Pending,
                attempts: 0,
                last_error: None,
                created_at: now,
                sent_at: None,
                invoice_id: Some(invoice.id),
                next_attempt_at: None,
            }
        })
        .collect();
    tx.insert_emails(rows).await?;
    state.mark_mail_pending();
    Ok(())
}
