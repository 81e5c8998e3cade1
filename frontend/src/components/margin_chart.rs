//! A bar chart of a seller's revenue against its cost per day (the margin
//! report), as inline SVG markup: two bars a day, revenue then cost.
//!
//! Amounts arrive as decimal strings. They are shown in the currency's
//! minor unit (the shared formatter), and the bar heights are computed in `Decimal` too
//! (no floating point anywhere).

use super::chart::{
    LEFT, PLOT_BOTTOM, PLOT_TOP, calls_text, chart_width, edge_label, escape, nice_ceiling,
    slot_width, svg_start, y_axis,
};
use super::payment_text::money_text;
use ringledger_shared::api::resellers::MarginDay;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Width of a day's slot, and of each of its two bars.
const SLOT: i64 = 22;
const BAR: i64 = 9;

/// A decimal string as a number (anything else counts as zero: it only
/// sets a bar's height).
fn decimal(raw: &str) -> Decimal {
    Decimal::from_str(raw.trim()).unwrap_or(Decimal::ZERO)
}

/// The height of a bar for `value` when `max` fills the plot, to a tenth
/// of a unit; a positive value stays visible.
fn bar_height(value: Decimal, max: Decimal) -> Decimal {
    if max <= Decimal::ZERO || value <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let plot = Decimal::from(PLOT_BOTTOM - PLOT_TOP);
    (value * plot / max)
        .round_dp(1)
        .max(Decimal::ONE)
        .normalize()
}

/// Revenue and cost per day as SVG markup: `role="img"`, `aria-label` =
/// `label`, per day a `rect.bar-revenue` and a `rect.bar-cost`, each with a
/// `<title>` ("2026-11-03: revenue 1.20 GBP, cost 1.00 GBP, margin 0.20
/// GBP, 2 calls").
pub fn margin_chart_svg(label: &str, currency: &str, days: &[MarginDay]) -> String {
    let max = days
        .iter()
        .flat_map(|d| [decimal(&d.revenue), decimal(&d.cost)])
        .fold(Decimal::ZERO, Decimal::max);
    // The axis tops at a round amount above the largest bar.
    let max = nice_ceiling(max);
    let slot = slot_width(SLOT, days.len());
    let width = chart_width(slot, days.len());
    let mut svg = svg_start("usage-chart margin-chart", label, width);
    svg.push_str(&y_axis(max, currency, width));
    let bottom = Decimal::from(PLOT_BOTTOM);
    let last = days.len().saturating_sub(1);
    for (i, d) in days.iter().enumerate() {
        let title = escape(&format!(
            "{}: revenue {}, cost {}, margin {}, {}",
            d.day,
            money_text(&d.revenue, currency),
            money_text(&d.cost, currency),
            money_text(&d.margin, currency),
            calls_text(d.calls)
        ));
        let x = LEFT + slot * i as i64 + (slot - 2 * BAR - 1) / 2;
        for (class, value, bx) in [
            ("bar bar-revenue", &d.revenue, x),
            ("bar bar-cost", &d.cost, x + BAR + 1),
        ] {
            let h = bar_height(decimal(value), max);
            let y = (bottom - h).normalize();
            svg.push_str(&format!(
                r#"<rect class="{class}" x="{bx}" y="{y}" width="{BAR}" height="{h}"><title>{title}</title></rect>"#
            ));
        }
        if let Some(text) = edge_label(i, last, x, x + 2 * BAR + 1, d.day) {
            svg.push_str(&text);
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::{bar_height, margin_chart_svg};
    use chrono::NaiveDate;
    use ringledger_shared::api::resellers::MarginDay;
    use rust_decimal::Decimal;

    fn day(d: u32, revenue: &str, cost: &str, margin: &str, calls: u64) -> MarginDay {
        MarginDay {
            day: NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default(),
            calls,
            revenue: revenue.into(),
            cost: cost.into(),
            margin: margin.into(),
        }
    }

    #[test]
    fn two_bars_a_day_with_titles() {
        let days = [
            day(1, "0.0000", "0.0000", "0.0000", 0),
            day(2, "1.2000", "1.0000", "0.2000", 2),
        ];
        let svg = margin_chart_svg("Revenue and cost per day", "GBP", &days);
        assert!(svg.starts_with(
            r#"<svg class="usage-chart margin-chart" role="img" aria-label="Revenue and cost per day""#
        ));
        assert_eq!(svg.matches("<rect").count(), 4);
        assert_eq!(svg.matches("bar-revenue").count(), 2);
        assert!(svg.contains(
            "<title>2026-11-02: revenue 1.20 GBP, cost 1.00 GBP, margin 0.20 GBP, 2 calls</title>"
        ));
        // The axis tops at 2.00, the round amount above 1.20: revenue is
        // 72 of the plot's 120 units; the axis reads 0, 1.00 and 2.00.
        assert!(svg.contains(r#"y="58" width="9" height="72""#), "{svg}");
        assert!(
            svg.contains(">2.00</text>") && svg.contains(">1.00</text>"),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn heights_are_exact_decimals() {
        let max = Decimal::new(300, 2);
        assert_eq!(bar_height(Decimal::new(150, 2), max), Decimal::from(60));
        assert_eq!(bar_height(Decimal::ONE, max).to_string(), "40");
        assert_eq!(bar_height(Decimal::new(1, 1), max).to_string(), "4");
        assert_eq!(bar_height(Decimal::new(11, 2), max).to_string(), "4.4");
        assert_eq!(bar_height(Decimal::ZERO, max), Decimal::ZERO);
        // Tiny but not zero: still one unit high.
        assert_eq!(bar_height(Decimal::new(1, 6), max), Decimal::ONE);
        assert_eq!(bar_height(Decimal::ONE, Decimal::ZERO), Decimal::ZERO);
    }
}
