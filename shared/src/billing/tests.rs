use super::*;
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn p(start: NaiveDate, end: NaiveDate) -> Option<BillingPeriod> {
    Some(BillingPeriod { start, end })
}

#[test]
fn periods_start_on_the_billing_day() {
    assert_eq!(
        BillingPeriod::containing(d(2026, 3, 20), 15),
        p(d(2026, 3, 15), d(2026, 4, 15))
    );
    assert_eq!(
        BillingPeriod::containing(d(2026, 3, 10), 15),
        p(d(2026, 2, 15), d(2026, 3, 15))
    );
    assert_eq!(
        BillingPeriod::containing(d(2026, 1, 10), 15),
        p(d(2025, 12, 15), d(2026, 1, 15))
    );
    assert_eq!(
        BillingPeriod::containing(d(2026, 1, 1), 1),
        p(d(2026, 1, 1), d(2026, 2, 1))
    );
}

#[test]
fn the_31st_is_the_last_day_of_short_months() {
    // January 31st → February 28th (2026) → March 31st.
    assert_eq!(
        BillingPeriod::containing(d(2026, 2, 10), 31),
        p(d(2026, 1, 31), d(2026, 2, 28))
    );
    assert_eq!(
        BillingPeriod::containing(d(2026, 2, 28), 31),
        p(d(2026, 2, 28), d(2026, 3, 31))
    );
    assert_eq!(
        BillingPeriod::containing(d(2026, 4, 30), 31),
        p(d(2026, 4, 30), d(2026, 5, 31))
    );
    // A leap year: February 29th.
    assert_eq!(
        BillingPeriod::containing(d(2028, 2, 29), 31),
        p(d(2028, 2, 29), d(2028, 3, 31))
    );
    assert_eq!(
        BillingPeriod::containing(d(2028, 2, 28), 30),
        p(d(2028, 1, 30), d(2028, 2, 29))
    );
    assert_eq!(
        BillingPeriod::containing(d(2028, 2, 28), 30).map(|x| x.days()),
        Some(30)
    );
}

#[test]
fn the_last_ended_period_is_the_one_before_today() {
    assert_eq!(
        BillingPeriod::last_ended(d(2026, 12, 1), 1),
        p(d(2026, 11, 1), d(2026, 12, 1))
    );
    assert_eq!(
        BillingPeriod::last_ended(d(2026, 11, 30), 1),
        p(d(2026, 10, 1), d(2026, 11, 1))
    );
}

#[test]
fn proration_counts_active_days() {
    let nov = BillingPeriod {
        start: d(2026, 11, 1),
        end: d(2026, 12, 1),
    };
    assert_eq!(nov.days(), 30);
    assert_eq!(nov.active_days(d(2026, 11, 16), None), 15);
    assert_eq!(nov.active_days(d(2026, 10, 1), Some(d(2026, 11, 11))), 10);
    assert_eq!(nov.active_days(d(2026, 12, 5), None), 0);
    assert_eq!(prorate(dec!(10), 15, 30, 2), dec!(5.00));
    assert_eq!(prorate(dec!(10), 10, 30, 2), dec!(3.33));
    assert_eq!(prorate(dec!(10), 20, 30, 2), dec!(6.67));
    assert_eq!(prorate(dec!(9.99), 30, 30, 2), dec!(9.99));
    assert_eq!(prorate(dec!(10), 0, 30, 2), dec!(0));
}

#[test]
fn tax_is_computed_per_line_on_the_rounded_net() {
    // 0.0449 net → 0.04; 20 % of 0.04 = 0.008 → 0.01.
    let l = price_line(
        LineKind::Usage,
        dec!(0.0449),
        dec!(20),
        TaxMode::Exclusive,
        2,
    );
    assert_eq!(
        (l.net, l.tax, l.gross),
        (dec!(0.04), dec!(0.01), dec!(0.05))
    );
    // Half away from zero, also for credits.
    let c = price_line(
        LineKind::Credit,
        dec!(-0.125),
        dec!(0),
        TaxMode::Exclusive,
        2,
    );
    assert_eq!(c.gross, dec!(-0.13));
    // Inclusive: 12.00 at 20 % holds 2.00 of tax.
    let i = price_line(
        LineKind::Recurring,
        dec!(12),
        dec!(20),
        TaxMode::Inclusive,
        2,
    );
    assert_eq!(
        (i.net, i.tax, i.gross),
        (dec!(10.00), dec!(2.00), dec!(12.00))
    );
    // Yen has no minor unit.
    let y = price_line(
        LineKind::Usage,
        dec!(100.5),
        dec!(10),
        TaxMode::Exclusive,
        0,
    );
    assert_eq!((y.net, y.tax), (dec!(101), dec!(10)));
}

#[test]
fn the_total_is_the_sum_of_the_rounded_lines() {
    let lines: Vec<Line> = [dec!(0.333), dec!(0.333), dec!(0.333)]
        .into_iter()
        .map(|a| price_line(LineKind::Usage, a, dec!(0), TaxMode::Exclusive, 2))
        .collect();
    assert_eq!(totals(&lines).total, dec!(0.99), "not round(0.999) = 1.00");
}

proptest! {
    #[test]
    fn lines_always_balance(cents in -10_000_000i64..10_000_000, frac in 0i64..100, rate in 0u32..30, inclusive: bool) {
        let amount = Decimal::new(cents * 100 + frac, 4);
        let mode = if inclusive { TaxMode::Inclusive } else { TaxMode::Exclusive };
        let l = price_line(LineKind::Usage, amount, Decimal::from(rate), mode, 2);
        prop_assert_eq!(l.net + l.tax, l.gross);
        prop_assert!(l.net.scale() <= 2 && l.tax.scale() <= 2);
        // The tax never strays from the exact one by more than a cent.
        let exact = match mode {
            TaxMode::Exclusive => l.net * Decimal::from(rate) / Decimal::ONE_HUNDRED,
            TaxMode::Inclusive => l.gross * Decimal::from(rate) / (Decimal::ONE_HUNDRED + Decimal::from(rate)),
        };
        prop_assert!((l.tax - exact).abs() <= dec!(0.005));
    }

    #[test]
    fn periods_tile_the_calendar(y in 2000i32..2100, m in 1u32..=12, day in 1u32..=28, bd in 1u32..=31) {
        let date = d(y, m, day);
        let period = BillingPeriod::containing(date, bd).unwrap_or(BillingPeriod { start: date, end: date });
        prop_assert!(period.contains(date));
        prop_assert!((28..=31).contains(&period.days()));
        let next = BillingPeriod::containing(period.end, bd);
        prop_assert_eq!(next.map(|n| n.start), Some(period.end));
    }
}
