//! Rating one record of a batch: refused with its code, or rated — its
//! allowances drawn, its price chained through the customer's resellers,
//! the customer and every wholesale level debited.

use super::charges::ChainLevel;
use super::*;
use ringledger_shared::ids::{AccountId, ServiceId};
use ringledger_shared::rating::Tariff;

/// What the batch's records add up to, as they are rated.
#[derive(Default)]
pub(super) struct Tally {
    /// What the batch did to each account.
    pub(super) debits: HashMap<AccountId, Debit>,
    /// `account, call id, service, charge` per rated call and level.
    pub(super) settled: Vec<(AccountId, String, Uuid, Decimal)>,
    /// One row per reseller level of each rated call.
    pub(super) level_rows: Vec<cdr_charges::Model>,
}

/// What rating a record reads: the batch as loaded, the reseller chains,
/// the deck rows and the periods bill runs have closed.
pub(super) struct Rater<'a> {
    pub(super) tx: &'a TenantTx,
    pub(super) tenant: TenantId,
    pub(super) batch: &'a Batch,
    pub(super) chains: &'a Chains,
    pub(super) rates: &'a HashMap<(Uuid, Number), Option<Rate>>,
    /// The tenant's numbers among those called, and the on-net tariff.
    pub(super) on_net: &'a crate::services::on_net::OnNet,
    pub(super) closed: &'a HashMap<Uuid, NaiveDate>,
    pub(super) now: DateTime<Utc>,
}

impl Rater<'_> {
    /// The stored row of one record, rated or rejected.
    pub(super) async fn record(
        &self,
        p: &Parsed,
        priced: Result<Priced<'_>, Refusal>,
        usage: &mut UsageCache,
        tally: &mut Tally,
        out: &mut CdrBatchResponse,
    ) -> AppResult<cdrs::Model> {
        let cdr_id = Uuid::now_v7();
        // A call to one of the tenant's own numbers: the on-net rate.
        let on_net = priced
            .as_ref()
            .ok()
            .and_then(|pr| self.on_net.rate(&pr.number));
        let outcome = match priced {
            Err(refusal) => Err(refusal),
            Ok(pr) => {
                let deck = || {
                    self.rates
                        .get(&(pr.version, pr.number))
                        .and_then(Option::as_ref)
                };
                match on_net.as_ref().or_else(deck) {
                    Some(rate) => Ok((pr, rate)),
                    None => Err(Refusal::of(RejectCode::NoRate, pr.line).detail(format!(
                        "no prefix of {} in the deck version in force on {}",
                        pr.number.as_str(),
                        p.start.date_naive()
                    ))),
                }
            }
        };
        let mut row = cdr_row(self.tenant, cdr_id, p, self.now);
        match outcome {
            Err(refusal) => {
                row.account_id = refusal.account.map(AccountId);
                // The service too: a calling card's record is found again
                // through it when re-rated (its PIN is stored masked).
                row.service_id = refusal.service.map(ServiceId);
                row.status = CdrStatus::Rejected;
                row.reason = Some(refusal.code.as_str().into());
                row.reason_detail = refusal.detail.clone();
                out.rejected.push(RejectedCdr {
                    call_id: p.rec.call_id.clone(),
                    code: refusal.code,
                    detail: refusal.detail,
                });
            }
            Ok((pr, rate)) => {
                self.rate(p, &pr, rate, cdr_id, &mut row, usage, tally)
                    .await?;
                out.accepted += 1;
            }
        }
        Ok(row)
    }

    /// Rates a priced record into `row` and debits every level.
    #[allow(clippy::too_many_arguments)]
    async fn rate(
        &self,
        p: &Parsed,
        pr: &Priced<'_>,
        rate: &Rate,
        cdr_id: Uuid,
        row: &mut cdrs::Model,
        usage: &mut UsageCache,
        tally: &mut Tally,
    ) -> AppResult<()> {
        let t = &rate.tariff;
        let billable = billable_secs(
            p.rec.duration_secs,
            t.initial_increment,
            t.subsequent_increment,
        );
        let account_id = pr.line.account_id;
        let billing_day = self
            .batch
            .accounts
            .get(&account_id)
            .map_or(1, |a| a.billing_day.max(1) as u32);
        // Allowances in force for this period, with what earlier calls used.
        let drawable = drawable(
            self.tx,
            self.batch.subscriptions_of(account_id),
            &self.batch.bundles,
            &self.batch.groups,
            billing_day,
            p.start,
            usage,
        )
        .await?;
        let mut pool = drawable.pool.clone();
        // An on-net call spends no allowance.
        let on_net = self.on_net.contains(&pr.number);
        let (covered, drawn) = if billable > 0 && !on_net {
            pool.draw(pr.line.kind, &pr.number, billable)
        } else {
            (0, Vec::new())
        };
        drawable.record(&drawn, usage);
        let seller = self.batch.accounts.get(&account_id).map(|a| a.seller_id);
        let levels = seller.map_or(&[][..], |s| self.chains.of(s));
        let day = p.start.date_naive();
        let tariffs = chain(
            *t,
            levels.iter().map(|l| {
                l.pricing.price(|deck| {
                    if on_net {
                        return None;
                    }
                    let v = self.chains.own_version(deck, day)?;
                    let rate = self.rates.get(&(v, pr.number))?;
                    rate.as_ref().map(|r| r.tariff)
                })
            }),
        );
        let charge = tariffs[tariffs.len() - 1].charge_uncovered(billable, covered);
        tally.settled.push((
            account_id,
            p.rec.call_id.clone(),
            pr.line.service_id,
            charge,
        ));
        self.charge_levels(p, pr, levels, &tariffs, billable, cdr_id, tally);
        row.account_id = Some(AccountId(account_id.into()));
        row.service_id = Some(ServiceId(pr.line.service_id));
        row.prefix = Some(rate.prefix.clone());
        row.billable_secs = billable as i64;
        row.covered_secs = covered as i64;
        row.charge = DbDecimal(charge);
        // A period a bill run already closed: billed on the next invoice.
        row.late = self
            .batch
            .accounts
            .get(&account_id)
            .and_then(|a| self.closed.get(&a.seller_id))
            .is_some_and(|through| {
                BillingPeriod::containing(p.start.date_naive(), billing_day)
                    .is_some_and(|period| period.end <= *through)
            });
        if !charge.is_zero() {
            let journal = debit(
                &mut tally.debits,
                account_id,
                charge,
                cdr_id,
                &p.rec.call_id,
            );
            row.journal_id = Some(journal);
        }
        Ok(())
    }

    /// Each reseller pays its parent's price for every billable second
    /// (allowances are its own to give away): one charge row per level,
    /// its wholesale account debited.
    #[allow(clippy::too_many_arguments)]
    fn charge_levels(
        &self,
        p: &Parsed,
        pr: &Priced<'_>,
        levels: &[ChainLevel],
        tariffs: &[Tariff],
        billable: u64,
        cdr_id: Uuid,
        tally: &mut Tally,
    ) {
        for (i, level) in levels.iter().enumerate() {
            let Some(wholesale) = level.account else {
                continue;
            };
            let owed = tariffs[i].charge_uncovered(billable, 0);
            tally
                .settled
                .push((wholesale, p.rec.call_id.clone(), pr.line.service_id, owed));
            let mut charge_row = cdr_charges::Model {
                tenant_id: self.tenant.as_uuid(),
                cdr_id,
                level: i as i32 + 1,
                seller_id: level.seller,
                account_id: wholesale,
                service_kind: p.kind,
                start_time: p.start,
                billable_secs: billable as i64,
                charge: DbDecimal(owed),
                invoice_id: None,
                journal_id: None,
            };
            if !owed.is_zero() {
                // A reseller may ask to be warned too (on its parent's
                // portal, where it is a customer): see `charges::rebase`.
                let journal = debit(&mut tally.debits, wholesale, owed, cdr_id, &p.rec.call_id);
                charge_row.journal_id = Some(journal);
            }
            tally.level_rows.push(charge_row);
        }
    }
}
