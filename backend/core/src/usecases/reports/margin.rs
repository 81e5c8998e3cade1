//! What a seller earned and paid per day: revenue (its own customers'
//! calls plus what its direct resellers owe it for theirs), cost (what it
//! owes its parent) and margin.

use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::seller_tree::SellerTree;
use chrono::{Days, NaiveDate};
use ringledger_db::repo::{ChargeTotal, Repos, UsageScope};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::resellers::{MarginDay, MarginReport};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

crate::use_case_error! {
    /// Why the margin report could not be made.
    pub enum MarginError {
        /// The staff's tenant is gone.
        #[error("tenant not found")]
        TenantNotFound,
    }
}

#[derive(Default)]
struct Sums {
    calls: u64,
    revenue: Decimal,
    cost: Decimal,
}

fn money(mut d: Decimal) -> String {
    d.rescale(4);
    d.to_string()
}

/// Per day of the last `days` (default 30, 1 to 366, up to and including
/// today): revenue, cost and margin — the same rated charges the bills
/// are made of.
pub async fn margin(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    days: Option<u32>,
) -> Result<MarginReport, MarginError> {
    let days = days.unwrap_or(30);
    if !(1..=366).contains(&days) {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "days must be 1 to 366")
                .with_field("days")
                .into(),
        );
    }
    let today = clock.now().date_naive();
    let first = today
        .checked_sub_days(Days::new(u64::from(days - 1)))
        .unwrap_or(today);
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let (start, end) = (midnight(first), midnight(today) + chrono::Duration::days(1));
    let me = staff.seller_id.as_uuid();
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let tenant = tx.tenant().await?.ok_or(MarginError::TenantNotFound)?;
    let tree = SellerTree::load(&tx).await?;
    // Summed per day by the database (streamed on SQLite): never the calls.
    let own_calls = tx
        .usage()
        .usage_totals(UsageScope::Sellers(&[me]), start, end)
        .await?;
    let from_children = tx
        .sellers()
        .level_charge_totals(tree.children(me), start, end)
        .await?;
    let to_parent = tx.sellers().level_charge_totals(&[me], start, end).await?;
    tx.commit().await?;

    let mut by_day: BTreeMap<NaiveDate, Sums> = BTreeMap::new();
    let mut d = first;
    while d <= today {
        by_day.insert(d, Sums::default());
        d = d.succ_opt().unwrap_or(today + Days::new(1));
    }
    for t in &own_calls {
        let e = by_day.entry(t.day).or_default();
        e.calls += t.calls;
        e.revenue += t.charge;
    }
    add_charges(&mut by_day, &from_children, &to_parent);
    let (mut revenue, mut cost) = (Decimal::ZERO, Decimal::ZERO);
    let days = by_day
        .into_iter()
        .map(|(day, s)| {
            revenue += s.revenue;
            cost += s.cost;
            MarginDay {
                day,
                calls: s.calls,
                revenue: money(s.revenue),
                cost: money(s.cost),
                margin: money(s.revenue - s.cost),
            }
        })
        .collect();
    Ok(MarginReport {
        currency: tenant.currency,
        days,
        revenue: money(revenue),
        cost: money(cost),
        margin: money(revenue - cost),
    })
}

/// Adds what the direct resellers owe (revenue, a call each) and what the
/// seller owes its parent (cost) to their days.
fn add_charges(
    by_day: &mut BTreeMap<NaiveDate, Sums>,
    from_children: &[ChargeTotal],
    to_parent: &[ChargeTotal],
) {
    for t in from_children {
        let e = by_day.entry(t.day).or_default();
        e.calls += t.calls;
        e.revenue += t.charge;
    }
    for t in to_parent {
        by_day.entry(t.day).or_default().cost += t.charge;
    }
}
