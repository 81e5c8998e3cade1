//! The customer's usage over a period: calls, minutes and cost per
//! service and per day.

use crate::auth::principal::CustomerPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::allowances::period_start;
use crate::services::my_account::my_account;
use chrono::NaiveDate;
use ringledger_db::entities::account_services;
use ringledger_db::repo::{Repos, UsageScope, UsageTotal};
use ringledger_shared::api::calls::{DayUsage, ServiceUsage, UsageView};
use std::collections::BTreeMap;

/// The calling customer's rated calls from day `from` to day `to`
/// (inclusive, `YYYY-MM-DD`; by default the current billing period up to
/// today), per service and per day.
pub async fn get_usage(
    repos: &Repos,
    clock: &dyn Clock,
    me: &CustomerPrincipal,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<UsageView, AppError> {
    let tx = repos.tenant_read(me.tenant_id).await?;
    let (_, account) = my_account(&tx, me).await?;
    let today = clock.now().date_naive();
    let from = crate::usecases::optional_day(
        "from",
        from,
        period_start(today, account.billing_day.max(1) as u32),
    )?;
    let to = crate::usecases::optional_day("to", to, today)?;
    let (start, end) = crate::usecases::report_period(from, to)?;
    let totals = tx
        .usage()
        .usage_totals(UsageScope::Account(account.id), start, end)
        .await?;
    let services = tx.customers().services_of(&[account.id]).await?;
    tx.commit().await?;
    let (services, days) = tally(&totals, &services);
    Ok(UsageView {
        from,
        to,
        currency: account.currency,
        services,
        days,
    })
}

/// Sums the calls per service (every service of the account, used or not)
/// and per day, costs at 4 decimal places.
fn tally(
    totals: &[UsageTotal],
    services: &[account_services::Model],
) -> (Vec<ServiceUsage>, Vec<DayUsage>) {
    let mut per_service: Vec<ServiceUsage> = services
        .iter()
        .map(|s| ServiceUsage {
            service_id: s.id.into(),
            kind: s.kind.as_str().to_owned(),
            calls: 0,
            billable_secs: 0,
            covered_secs: 0,
            cost: rust_decimal::Decimal::ZERO,
        })
        .collect();
    let mut days: BTreeMap<NaiveDate, DayUsage> = BTreeMap::new();
    for t in totals {
        if let Some(u) = per_service
            .iter_mut()
            .find(|u| Some(u.service_id) == t.service_id.map(Into::into))
        {
            u.calls += t.calls;
            u.billable_secs += t.billable_secs;
            u.covered_secs += t.covered_secs;
            u.cost += t.charge;
        }
        let entry = days.entry(t.day).or_insert(DayUsage {
            day: t.day,
            calls: 0,
            billable_secs: 0,
            cost: rust_decimal::Decimal::ZERO,
        });
        entry.calls += t.calls;
        entry.billable_secs += t.billable_secs;
        entry.cost += t.charge;
    }
    // Charges carry 4 decimal places on every backend.
    for u in per_service.iter_mut() {
        u.cost.rescale(4);
    }
    for d in days.values_mut() {
        d.cost.rescale(4);
    }
    (per_service, days.into_values().collect())
}
