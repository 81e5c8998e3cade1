//! A bar chart of amounts per day (a customer's cost, an operator's
//! revenue), as inline SVG markup.
//!
//! Amounts are `Decimal`s shown in the currency's minor unit (the shared
//! formatter); they are converted to `f64` for bar heights only.

use super::chart::{
    LEFT, PLOT_BOTTOM, PLOT_TOP, calls_text, chart_width, edge_label, escape, nice_ceiling,
    slot_width, svg_start, y_axis,
};
use super::payment_text::money;
use chrono::{Days, NaiveDate};
use ringledger_shared::api::calls::DayUsage;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Longest period whose days without calls are drawn as empty slots.
const MAX_FILLED_DAYS: u64 = 62;
/// Width of a day's slot, and of its bar.
const SLOT: i64 = 18;
const BAR: i64 = 12;

/// The days of the chart: every day of a short period (zeros where there
/// were no calls), otherwise the days with calls.
fn chart_days(from: NaiveDate, to: NaiveDate, days: &[DayUsage]) -> Vec<DayUsage> {
    let span = to.signed_duration_since(from).num_days();
    if span < 0 || span as u64 >= MAX_FILLED_DAYS {
        return days.to_vec();
    }
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        out.push(
            days.iter()
                .find(|d| d.day == day)
                .cloned()
                .unwrap_or(DayUsage {
                    day,
                    calls: 0,
                    billable_secs: 0,
                    cost: Decimal::ZERO,
                }),
        );
        match day.checked_add_days(Days::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

/// Amounts per day as SVG markup: `role="img"`, `aria-label` = `label`
/// (e.g. "Cost per day"), one `<rect>` per day with a `<title>`
/// ("2026-11-03: 0.05 GBP, 1 call").
pub fn day_chart_svg(
    label: &str,
    from: NaiveDate,
    to: NaiveDate,
    currency: &str,
    days: &[DayUsage],
) -> String {
    let days = chart_days(from, to, days);
    // The axis tops at a round amount above the largest cost.
    let top = nice_ceiling(
        days.iter()
            .map(|d| d.cost)
            .fold(Decimal::ZERO, Decimal::max),
    );
    // Geometry only: heights in floating point.
    let max = top.to_f64().unwrap_or(1.0);
    let slot = slot_width(SLOT, days.len());
    let width = chart_width(slot, days.len());
    let plot = (PLOT_BOTTOM - PLOT_TOP) as f64;
    let mut svg = svg_start("usage-chart", label, width);
    svg.push_str(&y_axis(top, currency, width));
    let last = days.len().saturating_sub(1);
    for (i, d) in days.iter().enumerate() {
        let cost = d.cost.to_f64().unwrap_or(0.0).max(0.0);
        let h = if max > 0.0 { cost / max * plot } else { 0.0 };
        // A day with calls stays visible even when it cost nothing.
        let h = if d.calls > 0 { h.max(1.0) } else { h };
        let x = LEFT + slot * i as i64 + (slot - BAR) / 2;
        let y = PLOT_BOTTOM as f64 - h;
        let title = format!(
            "{}: {}, {}",
            d.day,
            money(d.cost, currency),
            calls_text(d.calls)
        );
        svg.push_str(&format!(
            r#"<rect class="bar" x="{x}" y="{y:.1}" width="{BAR}" height="{h:.1}"><title>{}</title></rect>"#,
            escape(&title)
        ));
        if let Some(text) = edge_label(i, last, x, x + BAR, d.day) {
            svg.push_str(&text);
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::day_chart_svg;
    use chrono::NaiveDate;
    use ringledger_shared::api::calls::DayUsage;
    use rust_decimal::Decimal;

    #[test]
    fn chart_has_a_bar_per_day_with_titles() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default();
        let days = vec![DayUsage {
            day: day(2),
            calls: 1,
            billable_secs: 60,
            cost: Decimal::new(500, 4),
        }];
        let svg = day_chart_svg("Cost per day", day(1), day(3), "GBP", &days);
        assert!(
            svg.starts_with(r#"<svg class="usage-chart" role="img" aria-label="Cost per day""#)
        );
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("<title>2026-11-02: 0.05 GBP, 1 call</title>"));
        assert!(svg.contains("<title>2026-11-01: 0.00 GBP, 0 calls</title>"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn labels_are_escaped() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        let svg = day_chart_svg("A<B", day, day, "X", &[]);
        assert!(svg.contains(r#"aria-label="A&lt;B""#));
    }
}
