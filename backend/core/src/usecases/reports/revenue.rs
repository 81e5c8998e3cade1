//! Usage revenue of a seller's customers per day and per service kind.

use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::usecases::staff_tx::StaffTx;
use chrono::{Datelike, NaiveDate};
use ringledger_db::repo::{Repos, UsageTotal};
use ringledger_shared::api::calls::{DayUsage, KindRevenue, RevenueView};
use ringledger_shared::rating::ServiceKind;
use std::collections::BTreeMap;

crate::use_case_error! {
    /// Why the revenue report could not be made.
    pub enum RevenueError {
        /// The staff's tenant is gone.
        #[error("tenant not found")]
        TenantNotFound,
    }
}

/// Usage charges of the seller's customers (the operator: of every customer
/// of the tenant; a reseller: its own and those below it), per day and per
/// service kind, from day `from` to day `to` inclusive (`YYYY-MM-DD`;
/// default: this calendar month so far).
pub async fn revenue(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<RevenueView, RevenueError> {
    let today = clock.now().date_naive();
    let from = crate::usecases::optional_day("from", from, today.with_day(1).unwrap_or(today))?;
    let to = crate::usecases::optional_day("to", to, today)?;
    let (start, end) = crate::usecases::report_period(from, to)?;
    let tx = StaffTx::open_read(repos, staff).await?;
    let tenant = tx.tenant().await?.ok_or(RevenueError::TenantNotFound)?;
    let totals = tx.usage().usage_totals(start, end).await?;
    tx.commit().await?;
    let (days, services) = sums(&totals);
    Ok(RevenueView {
        from,
        to,
        currency: tenant.currency,
        days,
        services,
    })
}

/// The calls' charges per day and per service kind (every kind listed).
fn sums(totals: &[UsageTotal]) -> (Vec<DayUsage>, Vec<KindRevenue>) {
    let mut days: BTreeMap<NaiveDate, DayUsage> = BTreeMap::new();
    let mut kinds: Vec<KindRevenue> = ServiceKind::ALL
        .iter()
        .map(|k| KindRevenue {
            kind: k.as_str().into(),
            calls: 0,
            billable_secs: 0,
            revenue: rust_decimal::Decimal::ZERO,
        })
        .collect();
    for t in totals {
        let e = days.entry(t.day).or_insert(DayUsage {
            day: t.day,
            calls: 0,
            billable_secs: 0,
            cost: rust_decimal::Decimal::ZERO,
        });
        e.calls += t.calls;
        e.billable_secs += t.billable_secs;
        e.cost += t.charge;
        if let Some(k) = kinds.iter_mut().find(|k| k.kind == t.kind.as_str()) {
            k.calls += t.calls;
            k.billable_secs += t.billable_secs;
            k.revenue += t.charge;
        }
    }
    for d in days.values_mut() {
        d.cost.rescale(4);
    }
    for k in kinds.iter_mut() {
        k.revenue.rescale(4);
    }
    (days.into_values().collect(), kinds)
}
