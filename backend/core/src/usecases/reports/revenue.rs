//! Usage revenue of a seller's customers per day and per service kind.

use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use chrono::{Datelike, NaiveDate};
use ringledger_db::entities::cdrs;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::calls::{CdrStatus, DayUsage, KindRevenue, RevenueView};
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
    if to < from {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "to is before from")
                .with_field("to")
                .into(),
        );
    }
    let start = from.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let end = to
        .succ_opt()
        .unwrap_or(to)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let tx = StaffTx::open_read(repos, staff).await?;
    let tenant = tx.tenant().await?.ok_or(RevenueError::TenantNotFound)?;
    let (rows, _) = tx
        .usage()
        .search_cdrs(
            None,
            "",
            Some(start),
            Some(end),
            Some(CdrStatus::Rated),
            0,
            5_000_000,
        )
        .await?;
    tx.commit().await?;
    let (days, services) = sums(&rows);
    Ok(RevenueView {
        from,
        to,
        currency: tenant.currency,
        days,
        services,
    })
}

/// The calls' charges per day and per service kind (every kind listed).
fn sums(rows: &[cdrs::Model]) -> (Vec<DayUsage>, Vec<KindRevenue>) {
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
    for c in rows {
        let d = c.start_time.date_naive();
        let e = days.entry(d).or_insert(DayUsage {
            day: d,
            calls: 0,
            billable_secs: 0,
            cost: rust_decimal::Decimal::ZERO,
        });
        e.calls += 1;
        e.billable_secs += c.billable_secs.max(0) as u64;
        e.cost += c.charge.0;
        if let Some(k) = kinds.iter_mut().find(|k| k.kind == c.service_kind.as_str()) {
            k.calls += 1;
            k.billable_secs += c.billable_secs.max(0) as u64;
            k.revenue += c.charge.0;
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
