//! Bill runs: every account of a seller whose billing period ended by the
//! run's day gets exactly one invoice for that period.
//!
//! Accounts are invoiced in chunks, each in one transaction that holds the
//! seller's row lock (invoice numbers without gaps), re-checks which of its
//! accounts are still due, writes the invoices, their lines, the ledger
//! debits and the e-mails (outbox), and advances the run's progress. A run
//! killed half-way resumes where it stopped (`resume`); running it twice
//! issues nothing twice (the unique key on account and period).

mod chunk;
mod rows;

use super::compose::{Inputs, InvoiceLine, ServiceUsage, compose};
use crate::error::{AppError, AppResult};
use crate::services::seller_tree::{SellerTree, chain_fee};
use crate::state::AppState;
use chrono::{Days, NaiveDate};
use chunk::{issue_chunk, midnight};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{
    account_services, accounts, bill_runs, bundle_subscriptions, invoice_lines, invoices,
    outbound_emails, sellers,
};
use ringledger_db::repo::{Stamp, TenantTx};
use ringledger_shared::api::TenantStatus;
use ringledger_shared::billing::{BillingPeriod, totals};
use ringledger_shared::ids::{AccountId, SellerId, TenantId};
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
    open: HashMap<AccountId, Decimal>,
    /// Late records not billed yet, per account: (service, cdr, usage).
    /// Ones arriving during the run wait for the account's next invoice.
    late: HashMap<AccountId, Vec<(Uuid, Uuid, ServiceUsage)>>,
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
    let invoiced = tx.billing().invoiced_periods(seller, since).await?;
    Ok(tx
        .billing()
        .accounts_of_seller(seller)
        .await?
        .into_iter()
        .filter_map(|account| {
            let period = BillingPeriod::last_ended(as_of, account.billing_day.max(1) as u32)?;
            let fresh = account.created_at.date_naive() < period.end
                && !invoiced.contains(&(account.id.into(), period.start));
            fresh.then_some(Due { account, period })
        })
        .collect())
}

/// Starts (or finds) the bill run of the staff's seller for `as_of`, and
/// processes it in the background.
pub async fn start(
    deps: crate::ports::Deps<'_>,
    tenant: TenantId,
    seller: SellerId,
    as_of: NaiveDate,
    actor: &str,
) -> AppResult<bill_runs::Model> {
    let run = create(deps.repos, deps.clock, tenant, seller, as_of, actor).await?;
    if run.status == BillRunStatus::Running {
        deps.runs.process_later(tenant, run.id);
    }
    Ok(run)
}

/// Finds or creates the run of `seller` for `as_of` (without processing it).
pub async fn create(
    repos: &ringledger_db::repo::Repos,
    clock: &dyn crate::clock::Clock,
    tenant: TenantId,
    seller: SellerId,
    as_of: NaiveDate,
    actor: &str,
) -> AppResult<bill_runs::Model> {
    let tx = repos.tenant(tenant).await?;
    // From here on, CDRs of periods this run closes are late (next invoice).
    tx.billing().close_seller_periods(seller.as_uuid()).await?;
    let run = match tx.billing().bill_run_on(seller.as_uuid(), as_of).await? {
        Some(run) => run,
        None => {
            let due = due_accounts(&tx, seller.as_uuid(), as_of).await?;
            match tx
                .billing()
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
                    started_at: clock.now(),
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
                    let tx = repos.tenant_read(tenant).await?;
                    let run = tx
                        .billing()
                        .bill_run_on(seller.as_uuid(), as_of)
                        .await?
                        .ok_or(e)?;
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
            .billing()
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
        .billing()
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
            .billing()
            .usage_by_service_all(midnight(p.start), midnight(p.end))
            .await?
        {
            preloaded.usage.insert(p, all);
        }
    }
    laps.lap("usage_sums");
    // Read before this run's invoices exist (each account gets one invoice
    // per run, so later ones cannot be brought forward into this run).
    let ids: Vec<_> = due.iter().map(|d| d.account.id).collect();
    preloaded.open = tx.billing().open_amounts(&ids).await?;
    for (account, service, cdr, u) in tx.billing().late_unbilled().await? {
        preloaded
            .late
            .entry(AccountId(account))
            .or_default()
            .push((service, cdr, u));
    }
    preloaded.tree = SellerTree::load(&tx).await?;
    tx.commit().await?;
    laps.lap("open_amounts");
    let size = state.settings().bill_run_chunk.max(1);
    let pause = std::time::Duration::from_millis(state.settings().bill_run_pause_ms);
    // Whether a chunk of this run queued invoice e-mails.
    let mut mail_queued = false;
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
                mail_queued |= tx.commit().await?.mail_queued;
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
                mail_queued |= tx.commit().await?.mail_queued;
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
    if let Some(mut run) = tx.billing().bill_run(run_id).await? {
        run.status = BillRunStatus::Done;
        run.finished_at = Some(state.clock().now());
        tx.billing().update_bill_run(run.clone()).await?;
        let finished = crate::webhooks::Emit::new(
            ringledger_shared::api::webhooks::WebhookEventType::BillRunFinished,
            run.seller_id,
            "bill_run",
            run.id,
            crate::webhooks::objects::bill_run(&run, tx.currency().await?.as_str()),
            state.clock().now(),
        );
        crate::webhooks::emit(&tx, finished).await?;
    }
    tx.commit().await?;
    // The run's events (its invoices and its end) go out now.
    crate::webhooks::kick(state);
    laps.lap("finish");
    // The invoice e-mails go out after the run, not beside it: rendering
    // PDFs would take the CPU the run is using.
    if mail_queued {
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
    for t in tenants.iter().filter(|t| t.status == TenantStatus::Active) {
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
            let due = if tx.billing().bill_run_on(seller, today).await?.is_some() {
                false
            } else {
                !due_accounts(&tx, seller, today).await?.is_empty()
            };
            tx.commit().await?;
            if due {
                start(state.deps(), tenant, SellerId(seller), today, "scheduler").await?;
                started = true;
            }
        }
        if !started {
            remember_nothing_due(state, tenant, today, stamp);
        }
    }
    Ok(())
}

/// The process's bill-run worker: a task of the background jobs.
impl crate::ports::BillRunQueue for AppState {
    fn process_later(&self, tenant: TenantId, run: Uuid) {
        spawn(self, tenant, run);
    }
}
