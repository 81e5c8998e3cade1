//! One chunk of a bill run, in one transaction: claim the run and lock
//! the seller, read everything the chunk's invoices are made of in bulk,
//! compose each invoice, then write invoices, lines, payments, journals and
//! e-mails and advance the run.

use super::rows::{invoice_journal, invoice_row, line_row, queue_invoice_mails};
use super::*;
use crate::webhooks;
use ringledger_db::entities::{bundles, customers, number_assignments, one_off_charges, plans};
use ringledger_shared::api::webhooks::WebhookEventType;
use ringledger_shared::ids::{AccountId, BundleId, CustomerId, PlanId, ServiceId};

/// Invoices one chunk of due accounts inside `tx`. `Some(whether
/// automatic charges were queued)`, or `None` when the run's lease passed to
/// another instance (nothing written).
pub(super) async fn issue_chunk(
    state: &AppState,
    tx: &TenantTx,
    run_id: Uuid,
    chunk: &[Due],
    preloaded: &Preloaded,
    recheck: bool,
    laps: &mut Laps,
) -> AppResult<Option<bool>> {
    let Some((mut run, seller)) = claim_chunk(state, tx, run_id).await? else {
        return Ok(None);
    };
    // A run writes more invoices, lines and postings than the tables may
    // have held when the pooled connection cached its plans: each chunk
    // plans its statements (foreign-key checks included) once more, for
    // the tables as they are, not as a cached plan saw them.
    tx.plan_afresh().await?;
    laps.lap("lock");
    let ids: Vec<_> = chunk.iter().map(|d| d.account.id).collect();
    let due = still_due(tx, chunk, &ids, recheck, run.as_of).await?;
    let skipped = chunk.len() - due.len();
    let due_count = due.len();
    let read = read_chunk(tx, &seller, run.as_of, chunk, &due, &ids, preloaded, laps).await?;

    laps.lap("read");
    let now = state.clock().now();
    let mut batch = Batch {
        next: seller.next_invoice_number,
        ..Batch::default()
    };
    for d in due {
        issue_one(tx, &seller, &mut run, d, &read, preloaded, now, &mut batch).await?;
    }
    laps.lap("compose");
    // Accounts with a saved card are charged automatically (by the charge
    // job, outside this transaction; the payment rows are written here).
    let cards: HashMap<AccountId, String> = tx
        .payments()
        .card_profiles(&ids)
        .await?
        .iter()
        .filter_map(|p| Some((p.account_id, crate::services::payments::saved_card(p)?)))
        .collect();
    let charges =
        crate::services::payments::auto::charges_for(run.tenant_id, &batch.invoices, &cards, now);
    let charging = !charges.is_empty();
    laps.lap("read");
    // The endpoints are read once for the chunk (usually none: no event is built).
    let listeners = tx.webhooks().listening().await?;
    let issued = if webhooks::emit::anyone_listens(&listeners, WebhookEventType::InvoiceIssued) {
        batch.invoices.iter().map(|i| issued(i, now)).collect()
    } else {
        Vec::new()
    };
    tx.billing()
        .insert_invoices(batch.invoices, batch.lines)
        .await?;
    webhooks::emit::emit_to(tx, &listeners, issued).await?;
    laps.lap("write_invoices");
    tx.payments().insert_payments(charges).await?;
    crate::services::ledger::post_all(tx, batch.journals).await?;
    laps.lap("write_ledger");
    // The books of the billed accounts, checked before the chunk commits:
    // each stored balance is still the sum of its postings.
    for d in crate::services::books::balances_disagree(tx, &ids).await? {
        tracing::error!(run = %run.id, "books check after a bill-run chunk: {d}");
    }
    laps.lap("check_books");
    queue_invoice_mails(state, tx, &seller, batch.mails).await?;
    laps.lap("write_mails");
    tx.billing()
        .set_seller_counters(seller.id, batch.next, seller.next_credit_note_number)
        .await?;
    // Accounts billed elsewhere meanwhile count as done too.
    run.done_accounts += (due_count + skipped) as i64;
    tx.billing().update_bill_run(run).await?;
    laps.lap("progress");
    Ok(Some(charging))
}

/// The run, if this instance still holds it (its lease extended), and its
/// seller locked: numbers are handed out here, one chunk at a time.
async fn claim_chunk(
    state: &AppState,
    tx: &TenantTx,
    run_id: Uuid,
) -> AppResult<Option<(bill_runs::Model, sellers::Model)>> {
    let mut run = tx
        .billing()
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
        .billing()
        .seller_for_update(run.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("seller"))?;
    Ok(Some((run, seller)))
}

/// The chunk's accounts still owing their invoice: another run (or
/// instance) may have billed some of them meanwhile (checked on a retry).
async fn still_due<'c>(
    tx: &TenantTx,
    chunk: &'c [Due],
    ids: &[AccountId],
    recheck: bool,
    as_of: NaiveDate,
) -> AppResult<Vec<&'c Due>> {
    let min_start = chunk.iter().map(|d| d.period.start).min().unwrap_or(as_of);
    let done = if recheck {
        tx.billing().invoiced_periods_of(ids, min_start).await?
    } else {
        HashSet::new()
    };
    Ok(chunk
        .iter()
        .filter(|d| !done.contains(&(d.account.id.into(), d.period.start)))
        .collect())
}

/// Everything the chunk's invoices are made of, read in bulk.
struct ChunkRead<'p> {
    /// The chunk's accounts, locked.
    accounts: HashMap<AccountId, accounts::Model>,
    /// Their customers.
    customers: HashMap<CustomerId, customers::Model>,
    /// Services per account.
    services: HashMap<AccountId, Vec<account_services::Model>>,
    /// Bundle subscriptions per account.
    subscriptions: HashMap<AccountId, Vec<bundle_subscriptions::Model>>,
    /// The tenant's plans.
    plans: HashMap<PlanId, plans::Model>,
    /// The tenant's bundles.
    bundles: HashMap<BundleId, bundles::Model>,
    /// The seller's tax rates per country (`""`: the default).
    rates: HashMap<String, Decimal>,
    /// Unbilled one-off charges and credits per account.
    one_offs: HashMap<AccountId, Vec<one_off_charges::Model>>,
    /// Phone numbers held in the chunk's periods, per account.
    numbers: HashMap<AccountId, Vec<number_assignments::Model>>,
    /// Usage per service in its account's period (late records included).
    usage: HashMap<ServiceId, ServiceUsage>,
    /// Money received per account in its period.
    received: HashMap<AccountId, Decimal>,
    /// The wholesale accounts of the resellers directly under the seller.
    wholesale_of: HashMap<AccountId, &'p sellers::Model>,
    /// Their customers' calls at the seller's prices, per wholesale account.
    wholesale: HashMap<AccountId, Vec<(String, ServiceUsage)>>,
    /// The resellers between the seller and the operator (fee markups).
    chain: Vec<&'p sellers::Model>,
    /// Late records billed on each account's invoice.
    late: HashMap<AccountId, Vec<Uuid>>,
}

impl ChunkRead<'_> {
    /// What an account's calls were debited, unrounded: its services'
    /// usage and its wholesale usage.
    fn raw_usage(&self, account: AccountId) -> Decimal {
        self.services
            .get(&account)
            .map(|v| {
                v.iter()
                    .filter_map(|s| self.usage.get(&s.id))
                    .map(|u| u.charge)
                    .sum::<Decimal>()
            })
            .unwrap_or_default()
            + self
                .wholesale
                .get(&account)
                .map(|v| v.iter().map(|(_, u)| u.charge).sum::<Decimal>())
                .unwrap_or_default()
    }
}

/// Reads what the chunk's invoices are made of.
#[allow(clippy::too_many_arguments)]
async fn read_chunk<'p>(
    tx: &TenantTx,
    seller: &sellers::Model,
    as_of: NaiveDate,
    chunk: &[Due],
    due: &[&Due],
    ids: &[AccountId],
    preloaded: &'p Preloaded,
    laps: &mut Laps,
) -> AppResult<ChunkRead<'p>> {
    let accounts: HashMap<AccountId, accounts::Model> = tx
        .usage()
        .accounts_for_update(ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    laps.lap("read_accounts");
    let customer_ids: Vec<_> = accounts.values().map(|a| a.customer_id).collect();
    let customers: HashMap<_, _> = tx
        .billing()
        .customers_by_ids(&customer_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    laps.lap("read_customers");
    let mut services: HashMap<AccountId, Vec<account_services::Model>> = HashMap::new();
    for s in tx.customers().services_of(ids).await? {
        services.entry(s.account_id).or_default().push(s);
    }
    let mut subscriptions: HashMap<AccountId, Vec<bundle_subscriptions::Model>> = HashMap::new();
    for s in tx.customers().subscriptions_of(ids).await? {
        subscriptions.entry(s.account_id).or_default().push(s);
    }
    laps.lap("read_services");
    let plans = tx
        .catalog()
        .list_plans()
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let bundles = tx
        .catalog()
        .all_bundles()
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let rates: HashMap<String, Decimal> = tx
        .billing()
        .tax_rates_of(seller.id)
        .await?
        .into_iter()
        .map(|r| (r.country, r.rate.0))
        .collect();
    let latest_end = chunk.iter().map(|d| d.period.end).max().unwrap_or(as_of);
    laps.lap("read_catalog");
    let mut one_offs: HashMap<AccountId, Vec<_>> = HashMap::new();
    for c in tx
        .billing()
        .unbilled_one_offs(ids, midnight(latest_end))
        .await?
    {
        one_offs.entry(c.account_id).or_default().push(c);
    }
    let earliest = chunk.iter().map(|d| d.period.start).min().unwrap_or(as_of);
    let mut numbers: HashMap<AccountId, Vec<_>> = HashMap::new();
    for n in tx.numbers().assignments_of(ids, midnight(earliest)).await? {
        numbers.entry(n.account_id).or_default().push(n);
    }
    laps.lap("read_one_offs");
    // Usage and money received, per period (accounts share few periods).
    let mut by_period: HashMap<BillingPeriod, Vec<AccountId>> = HashMap::new();
    for d in due {
        by_period.entry(d.period).or_default().push(d.account.id);
    }
    let (mut usage, received) = read_usage(tx, &by_period, &services, preloaded).await?;
    let (wholesale_of, wholesale) = read_wholesale(tx, seller, preloaded, &by_period).await?;
    // A reseller's customers pay plan and bundle fees with its markups.
    let chain = preloaded.tree.resellers_of(seller.id);
    // Records that arrived after a run closed their period: on this invoice.
    let mut late: HashMap<AccountId, Vec<Uuid>> = HashMap::new();
    for d in due {
        for (service, cdr, u) in preloaded.late.get(&d.account.id).into_iter().flatten() {
            *usage.entry(ServiceId(*service)).or_default() += u;
            late.entry(d.account.id).or_default().push(*cdr);
        }
    }
    Ok(ChunkRead {
        accounts,
        customers,
        services,
        subscriptions,
        plans,
        bundles,
        rates,
        one_offs,
        numbers,
        usage,
        received,
        wholesale_of,
        wholesale,
        chain,
        late,
    })
}

/// The resellers directly under `seller`, by wholesale account, and their
/// customers' calls at `seller`'s prices: everything unbilled up to each
/// period's end (a call that came after the last wholesale invoice is on
/// this one; the accounts are locked).
#[allow(clippy::type_complexity)]
async fn read_wholesale<'p>(
    tx: &TenantTx,
    seller: &sellers::Model,
    preloaded: &'p Preloaded,
    by_period: &HashMap<BillingPeriod, Vec<AccountId>>,
) -> AppResult<(
    HashMap<AccountId, &'p sellers::Model>,
    HashMap<AccountId, Vec<(String, ServiceUsage)>>,
)> {
    let wholesale_of: HashMap<AccountId, &sellers::Model> = preloaded
        .tree
        .children(seller.id)
        .iter()
        .filter_map(|c| preloaded.tree.get(*c))
        .filter_map(|r| Some((r.wholesale_account_id?, r)))
        .collect();
    let mut wholesale: HashMap<AccountId, Vec<(String, ServiceUsage)>> = HashMap::new();
    for (period, accounts_in) in by_period {
        let ids: Vec<AccountId> = accounts_in
            .iter()
            .filter(|a| wholesale_of.contains_key(a))
            .copied()
            .collect();
        if !ids.is_empty() {
            wholesale.extend(
                tx.sellers()
                    .wholesale_usage(&ids, midnight(period.end))
                    .await?,
            );
        }
    }
    Ok((wholesale_of, wholesale))
}

/// Usage per service and money received per account, period by period.
async fn read_usage(
    tx: &TenantTx,
    by_period: &HashMap<BillingPeriod, Vec<AccountId>>,
    services: &HashMap<AccountId, Vec<account_services::Model>>,
    preloaded: &Preloaded,
) -> AppResult<(
    HashMap<ServiceId, ServiceUsage>,
    HashMap<AccountId, Decimal>,
)> {
    let mut usage: HashMap<ServiceId, ServiceUsage> = HashMap::new();
    let mut received: HashMap<AccountId, Decimal> = HashMap::new();
    for (period, accounts_in) in by_period {
        let (s, e) = (midnight(period.start), midnight(period.end));
        match preloaded.usage.get(period) {
            // Summed once for the whole run (PostgreSQL): pick this chunk's.
            Some(all) => {
                for a in accounts_in {
                    for svc in services.get(a).map_or(&[][..], |v| v.as_slice()) {
                        if let Some(u) = all.get(&svc.id.0) {
                            usage.insert(svc.id, u.clone());
                        }
                    }
                }
            }
            None => usage.extend(
                tx.billing()
                    .usage_by_service(accounts_in, s, e)
                    .await?
                    .into_iter()
                    .map(|(k, v)| (ServiceId(k), v)),
            ),
        }
        received.extend(tx.billing().received(accounts_in, s, e).await?);
    }
    Ok((usage, received))
}

/// What a chunk writes once its invoices are composed.
#[derive(Default)]
struct Batch {
    /// The seller's next invoice number.
    next: i64,
    /// New invoices.
    invoices: Vec<invoices::Model>,
    /// Their lines.
    lines: Vec<invoice_lines::Model>,
    /// Their journals (fees, charges, taxes, rounding).
    journals: Vec<ringledger_db::repo::NewJournal>,
    /// Invoice e-mails to queue: invoice, address, name, language.
    mails: Vec<super::rows::InvoiceMail>,
}

/// Composes one due account's invoice into `batch` and marks what it bills
/// (one-offs, wholesale calls, late records) as billed.
#[allow(clippy::too_many_arguments)]
async fn issue_one(
    tx: &TenantTx,
    seller: &sellers::Model,
    run: &mut bill_runs::Model,
    d: &Due,
    read: &ChunkRead<'_>,
    preloaded: &Preloaded,
    now: chrono::DateTime<chrono::Utc>,
    batch: &mut Batch,
) -> AppResult<()> {
    let Some(account) = read.accounts.get(&d.account.id) else {
        return Ok(());
    };
    let Some(customer) = read.customers.get(&account.customer_id) else {
        return Ok(());
    };
    let places = minor_places(&account.currency);
    let own_one_offs: Vec<_> = read
        .one_offs
        .get(&account.id)
        .map(|v| {
            v.iter()
                .filter(|c| c.created_at < midnight(d.period.end))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let tax_rate = read
        .rates
        .get(&customer.country)
        .or_else(|| read.rates.get(""))
        .copied()
        .unwrap_or_default();
    let lines = compose(&Inputs {
        period: d.period,
        services: read.services.get(&account.id).map_or(&[], |v| v.as_slice()),
        plans: &read.plans,
        subscriptions: read
            .subscriptions
            .get(&account.id)
            .map_or(&[], |v| v.as_slice()),
        bundles: &read.bundles,
        usage: &read.usage,
        one_offs: &own_one_offs,
        numbers: read.numbers.get(&account.id).map_or(&[], |v| v.as_slice()),
        tax_rate,
        tax_mode: seller.tax_mode,
        places,
        fee: &|f| chain_fee(f, &read.chain, places),
        wholesale: read
            .wholesale
            .get(&account.id)
            .map_or(&[], |v| v.as_slice()),
        reseller_fee: read
            .wholesale_of
            .get(&account.id)
            .map(|r| (r.name.as_str(), r.reseller_fee.0, r.created_at.date_naive())),
    });
    let t = totals(lines.iter().map(|l| &l.line));
    let invoice = invoice_row(
        seller,
        run.id,
        account,
        customer,
        d.period,
        &t,
        preloaded.open.get(&account.id).copied().unwrap_or_default(),
        read.received.get(&account.id).copied().unwrap_or_default(),
        batch.next,
        now,
    );
    let id = invoice.id;
    batch.next += 1;
    // Usage was debited call by call (unrounded); the rest of the
    // invoice — fees, one-offs, taxes, rounding — is debited now.
    let raw_usage = read.raw_usage(account.id);
    if let Some(j) = invoice_journal(account, &invoice, &lines, raw_usage, now) {
        batch.journals.push(j);
    }
    tx.billing()
        .bill_one_offs(&own_one_offs.iter().map(|c| c.id).collect::<Vec<_>>(), id)
        .await?;
    if read.wholesale.contains_key(&account.id) {
        tx.sellers()
            .bill_wholesale(account.id, midnight(d.period.end), id)
            .await?;
    }
    if let Some(cdrs) = read.late.get(&account.id)
        && !tx.billing().bill_late(cdrs, id).await?
    {
        // Billed by another invoice meanwhile: redo the chunk with a check.
        return Err(AppError::new(
            ringledger_shared::ErrorCode::Conflict,
            "late records were billed meanwhile",
        ));
    }
    batch.lines.extend(
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| line_row(account.tenant_id, id, i, l)),
    );
    run.invoices += 1;
    run.invoiced = DbDecimal(run.invoiced.0 + t.total);
    batch.mails.push((
        invoice.clone(),
        customer.email.clone(),
        customer.name.clone(),
        crate::services::language::of_customer(seller, customer),
    ));
    batch.invoices.push(invoice);
    Ok(())
}

/// Midnight UTC starting `d`.
pub(super) fn midnight(d: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// The `invoice.issued` event of a new invoice.
fn issued(i: &invoices::Model, now: chrono::DateTime<chrono::Utc>) -> webhooks::Emit {
    webhooks::Emit::new(
        WebhookEventType::InvoiceIssued,
        i.seller_id,
        "invoice",
        i.id,
        webhooks::objects::invoice(i),
        now,
    )
}
