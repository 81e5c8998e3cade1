//! One account's invoice for one period, from what was read for it: every
//! recurring fee (prorated by days), usage per service, one-off charges and
//! credits, each line taxed — with `shared::billing` doing the arithmetic.

use chrono::NaiveDate;
use ringledger_db::entities::{
    account_services, bundle_subscriptions, bundles, number_assignments, one_off_charges, plans,
};
use ringledger_shared::billing::{BillingPeriod, Line, LineKind, TaxMode, price_line, prorate};
use ringledger_shared::ids::{BundleId, PlanId, ServiceId};
use ringledger_shared::rating::ServiceKind;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub use ringledger_shared::billing::ServiceUsage;

/// What an account's invoice is made of.
pub struct Inputs<'a> {
    /// The period billed.
    pub period: BillingPeriod,
    /// The account's services.
    pub services: &'a [account_services::Model],
    /// The tenant's plans.
    pub plans: &'a HashMap<PlanId, plans::Model>,
    /// The account's bundle subscriptions.
    pub subscriptions: &'a [bundle_subscriptions::Model],
    /// The tenant's bundles.
    pub bundles: &'a HashMap<BundleId, bundles::Model>,
    /// Usage per service id.
    pub usage: &'a HashMap<ServiceId, ServiceUsage>,
    /// Charges and credits not billed yet.
    pub one_offs: &'a [one_off_charges::Model],
    /// The phone numbers the account's services held in the period.
    pub numbers: &'a [number_assignments::Model],
    /// Tax rate (percent) for this customer.
    pub tax_rate: Decimal,
    /// Whether prices include tax.
    pub tax_mode: TaxMode,
    /// Minor-unit places of the currency.
    pub places: u32,
    /// A recurring fee as this customer pays it (a reseller's customers pay
    /// the plan's and bundle's fees with their chain's markup).
    pub fee: &'a dyn Fn(Decimal) -> Decimal,
    /// A reseller's wholesale account: its customers' calls at the parent's
    /// prices, per service kind.
    pub wholesale: &'a [(String, ServiceUsage)],
    /// A reseller's monthly fee: (reseller name, fee, date it started).
    pub reseller_fee: Option<(&'a str, Decimal, NaiveDate)>,
}

/// A composed line with what the invoice shows about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLine {
    /// The priced amounts.
    pub line: Line,
    /// Grouping on the invoice: a service kind, `bundle`, or none.
    pub service_kind: Option<String>,
    /// Text of the line.
    pub description: String,
    /// Calls (usage lines).
    pub calls: i64,
    /// Billable seconds (usage lines).
    pub billable_secs: i64,
    /// Seconds taken from allowances (usage lines).
    pub allowance_secs: i64,
}

fn label(kind: &str) -> String {
    ServiceKind::parse(kind).map_or_else(|| kind.to_owned(), |k| k.label().to_owned())
}

fn days_note(active: i64, total: i64) -> String {
    if active >= total {
        String::new()
    } else {
        format!(" ({active} of {total} days)")
    }
}

/// The recurring line of number assignment `n` (`label +digits`, prorated
/// by the days it was held in the period), if it costs anything.
fn number_line(
    i: &Inputs<'_>,
    n: &number_assignments::Model,
    label: &str,
    group: &str,
) -> Option<InvoiceLine> {
    let p = &i.period;
    let total_days = p.days();
    let active = p.active_days(
        n.started_at.date_naive(),
        n.ended_at.map(|e| e.date_naive()),
    );
    if active == 0 || n.monthly_fee.0.is_zero() {
        return None;
    }
    let amount = prorate((i.fee)(n.monthly_fee.0), active, total_days, i.places);
    Some(InvoiceLine {
        line: price_line(
            LineKind::Recurring,
            amount,
            i.tax_rate,
            i.tax_mode,
            i.places,
        ),
        service_kind: Some(group.to_owned()),
        description: format!("{label} +{}{}", n.number, days_note(active, total_days)),
        calls: 0,
        billable_secs: 0,
        allowance_secs: 0,
    })
}

/// The lines of the invoice, in order: per service its recurring fee, its
/// phone numbers' fees and its usage, then bundles, then (a reseller's wholesale account) the
/// reseller fee and the wholesale calls, then one-off charges and credits.
pub fn compose(i: &Inputs<'_>) -> Vec<InvoiceLine> {
    let p = &i.period;
    let total_days = p.days();
    let price = |kind, amount| price_line(kind, amount, i.tax_rate, i.tax_mode, i.places);
    let mut out = Vec::new();
    let mut services: Vec<&account_services::Model> = i.services.iter().collect();
    services.sort_by_key(|s| (s.kind as u8, s.created_at));
    for s in services {
        let from = s.created_at.date_naive();
        let until = s.ended_at.map(|e| e.date_naive());
        let active = p.active_days(from, until);
        let plan = s.plan_id.and_then(|id| i.plans.get(&id));
        if let Some((plan, fee)) = plan.and_then(|pl| pl.monthly_fee.map(|f| (pl, f.0)))
            && active > 0
            && !fee.is_zero()
        {
            out.push(InvoiceLine {
                line: price(
                    LineKind::Recurring,
                    prorate((i.fee)(fee), active, total_days, i.places),
                ),
                service_kind: Some(s.kind.as_str().to_owned()),
                description: format!(
                    "{} — {}{}",
                    plan.name,
                    s.kind.label().to_owned(),
                    days_note(active, total_days)
                ),
                calls: 0,
                billable_secs: 0,
                allowance_secs: 0,
            });
        }
        // Its phone numbers, each for the days the service held it.
        for n in i.numbers.iter().filter(|n| n.service_id == s.id) {
            out.extend(number_line(i, n, "Number", s.kind.as_str()));
        }
        if let Some(u) = i.usage.get(&s.id)
            && u.calls > 0
        {
            out.push(InvoiceLine {
                line: price(LineKind::Usage, u.charge),
                service_kind: Some(s.kind.as_str().to_owned()),
                description: format!("Calls — {}", s.kind.label()),
                calls: u.calls,
                billable_secs: u.billable_secs,
                allowance_secs: u.covered_secs,
            });
        }
    }
    let mut subs: Vec<&bundle_subscriptions::Model> = i.subscriptions.iter().collect();
    subs.sort_by_key(|s| s.started_at);
    for sub in subs {
        let Some(bundle) = i.bundles.get(&sub.bundle_id) else {
            continue;
        };
        let active = p.active_days(
            sub.started_at.date_naive(),
            sub.ended_at.map(|e| e.date_naive()),
        );
        if active == 0 || bundle.monthly_fee.0.is_zero() {
            continue;
        }
        out.push(InvoiceLine {
            line: price(
                LineKind::Recurring,
                prorate((i.fee)(bundle.monthly_fee.0), active, total_days, i.places),
            ),
            service_kind: Some("bundle".into()),
            description: format!("Bundle {}{}", bundle.name, days_note(active, total_days)),
            calls: 0,
            billable_secs: 0,
            allowance_secs: 0,
        });
    }
    if let Some((name, fee, since)) = i.reseller_fee {
        let active = p.active_days(since, None);
        if active > 0 && !fee.is_zero() {
            out.push(InvoiceLine {
                line: price(
                    LineKind::Recurring,
                    prorate(fee, active, total_days, i.places),
                ),
                service_kind: Some("reseller".into()),
                description: format!("Reseller fee — {name}{}", days_note(active, total_days)),
                calls: 0,
                billable_secs: 0,
                allowance_secs: 0,
            });
        }
    }
    // A reseller's wholesale account: the numbers its customers hold, at
    // its parent's price (the services are not the account's own).
    for n in i
        .numbers
        .iter()
        .filter(|n| !i.services.iter().any(|s| s.id == n.service_id))
    {
        out.extend(number_line(i, n, "Wholesale number", "reseller"));
    }
    for (kind, u) in i.wholesale {
        if u.calls == 0 {
            continue;
        }
        out.push(InvoiceLine {
            line: price(LineKind::Usage, u.charge),
            service_kind: Some(kind.clone()),
            description: format!("Wholesale calls — {}", label(kind)),
            calls: u.calls,
            billable_secs: u.billable_secs,
            allowance_secs: 0,
        });
    }
    let mut one_offs: Vec<&one_off_charges::Model> = i.one_offs.iter().collect();
    one_offs.sort_by_key(|c| c.created_at);
    for c in one_offs {
        let kind = if c.amount.0.is_sign_negative() {
            LineKind::Credit
        } else {
            LineKind::OneOff
        };
        out.push(InvoiceLine {
            line: price(kind, c.amount.0),
            service_kind: None,
            description: c.description.clone(),
            calls: 0,
            billable_secs: 0,
            allowance_secs: 0,
        });
    }
    out
}
