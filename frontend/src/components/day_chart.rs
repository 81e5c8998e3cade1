//! A bar chart of amounts per day (a customer's cost, an operator's
//! revenue), as inline SVG markup.
//!
//! Amounts are `Decimal`s shown with `normalize()`; they are converted to
//! `f64` for bar heights only.

use chrono::{Days, NaiveDate};
use ringledger_shared::api::calls::DayUsage;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Longest period whose days without calls are drawn as empty slots.
const MAX_FILLED_DAYS: u64 = 62;
/// Chart geometry (SVG user units).
const CHART_HEIGHT: f64 = 160.0;
const PLOT_TOP: f64 = 10.0;
const PLOT_BOTTOM: f64 = 130.0;
const SLOT: f64 = 18.0;
const BAR: f64 = 12.0;
const LEFT: f64 = 8.0;

/// Escapes text for SVG markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

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

/// "1 call", "3 calls".
pub fn calls_text(n: u64) -> String {
    if n == 1 {
        "1 call".to_owned()
    } else {
        format!("{n} calls")
    }
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
    // Geometry only: the largest cost sets the scale.
    let max = days
        .iter()
        .filter_map(|d| d.cost.to_f64())
        .fold(0.0_f64, f64::max);
    let width = LEFT * 2.0 + SLOT * days.len().max(1) as f64;
    let plot = PLOT_BOTTOM - PLOT_TOP;
    let mut svg = format!(
        r#"<svg class="usage-chart" role="img" aria-label="{}" viewBox="0 0 {width} {CHART_HEIGHT}" width="{width}" height="{CHART_HEIGHT}" xmlns="http://www.w3.org/2000/svg">"#,
        escape(label)
    );
    svg.push_str(&format!(
        r#"<line class="axis" x1="{LEFT}" y1="{PLOT_BOTTOM}" x2="{}" y2="{PLOT_BOTTOM}"/>"#,
        width - LEFT
    ));
    let currency = escape(currency);
    let last = days.len().saturating_sub(1);
    for (i, d) in days.iter().enumerate() {
        let cost = d.cost.to_f64().unwrap_or(0.0).max(0.0);
        let h = if max > 0.0 { cost / max * plot } else { 0.0 };
        // A day with calls stays visible even when it cost nothing.
        let h = if d.calls > 0 { h.max(1.0) } else { h };
        let x = LEFT + SLOT * i as f64 + (SLOT - BAR) / 2.0;
        let y = PLOT_BOTTOM - h;
        let title = format!(
            "{}: {} {currency}, {}",
            d.day,
            d.cost.normalize(),
            calls_text(d.calls)
        );
        svg.push_str(&format!(
            r#"<rect class="bar" x="{x:.1}" y="{y:.1}" width="{BAR}" height="{h:.1}"><title>{}</title></rect>"#,
            escape(&title)
        ));
        if i == 0 || i == last {
            let anchor = if i == 0 { "start" } else { "end" };
            let tx = if i == 0 { x } else { x + BAR };
            svg.push_str(&format!(
                r#"<text x="{tx:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
                PLOT_BOTTOM + 18.0,
                d.day.format("%b %-d")
            ));
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
        assert!(svg.contains("<title>2026-11-01: 0 GBP, 0 calls</title>"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn labels_are_escaped() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        let svg = day_chart_svg("A<B", day, day, "X", &[]);
        assert!(svg.contains(r#"aria-label="A&lt;B""#));
    }
}
