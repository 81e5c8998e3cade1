//! What the bar charts per day ([`day_chart_svg`](super::day_chart_svg),
//! [`margin_chart_svg`](super::margin_chart_svg)) share: the frame (height,
//! plot area, axis), the first and last day's labels, and escaping.

use super::payment_text::exact_text;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Chart geometry (SVG user units); each chart sets its own slot and bar
/// widths.
pub(super) const CHART_HEIGHT: i64 = 160;
pub(super) const PLOT_TOP: i64 = 10;
pub(super) const PLOT_BOTTOM: i64 = 130;
/// Left margin: room for the amounts of the vertical axis.
pub(super) const LEFT: i64 = 56;
pub(super) const RIGHT: i64 = 8;
/// The narrowest plot: a few days get wider slots rather than a thin chart.
const MIN_PLOT: i64 = 600;

/// The width of each of `n` day slots: `slot` at least, wider when a few
/// days would leave the chart narrow.
pub(super) fn slot_width(slot: i64, n: usize) -> i64 {
    let n = n.max(1) as i64;
    slot.max(MIN_PLOT / n)
}

/// The chart's width for `n` slots of `slot`.
pub(super) fn chart_width(slot: i64, n: usize) -> i64 {
    LEFT + RIGHT + slot * n.max(1) as i64
}

/// The top of the vertical axis: the smallest 1, 2 or 5 × 10ⁿ at least
/// `max` (1 when there is nothing to show), so its ticks read round.
pub(super) fn nice_ceiling(max: Decimal) -> Decimal {
    if max <= Decimal::ZERO {
        return Decimal::ONE;
    }
    let mut step = Decimal::new(1, 6);
    loop {
        for m in [1, 2, 5] {
            let candidate = step * Decimal::from(m);
            if candidate >= max {
                return candidate;
            }
        }
        match step.checked_mul(Decimal::TEN) {
            Some(next) => step = next,
            None => return max,
        }
    }
}

/// The vertical axis: gridlines and amounts at 0, half and the top (`top`
/// from [`nice_ceiling`]), across a chart `width` wide.
pub(super) fn y_axis(top: Decimal, currency: &str, width: i64) -> String {
    let plot = Decimal::from(PLOT_BOTTOM - PLOT_TOP);
    let mut out = String::new();
    for tick in [top / Decimal::TWO, top] {
        let y = (Decimal::from(PLOT_BOTTOM) - tick / top * plot)
            .round_dp(1)
            .normalize();
        out.push_str(&format!(
            r#"<line class="grid" x1="{LEFT}" y1="{y}" x2="{}" y2="{y}"/><text class="tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
            width - RIGHT,
            LEFT - 6,
            y + Decimal::from(4),
            escape(&exact_text(tick.normalize(), currency)),
        ));
    }
    out.push_str(&format!(
        r#"<text class="tick" x="{}" y="{}" text-anchor="end">0</text>"#,
        LEFT - 6,
        PLOT_BOTTOM + 4
    ));
    out
}

/// Escapes text for SVG markup.
pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "1 call", "3 calls".
pub fn calls_text(n: u64) -> String {
    if n == 1 {
        "1 call".to_owned()
    } else {
        format!("{n} calls")
    }
}

/// The opening `<svg>` of a chart `width` wide (`role="img"`, `aria-label`
/// = `label`) and its axis; the caller adds the bars and `</svg>`.
pub(super) fn svg_start(class: &str, label: &str, width: i64) -> String {
    format!(
        r#"<svg class="{class}" role="img" aria-label="{}" viewBox="0 0 {width} {CHART_HEIGHT}" width="{width}" height="{CHART_HEIGHT}" xmlns="http://www.w3.org/2000/svg"><line class="axis" x1="{LEFT}" y1="{PLOT_BOTTOM}" x2="{}" y2="{PLOT_BOTTOM}"/>"#,
        escape(label),
        width - RIGHT
    )
}

/// The date under the first day (starting at its bars' left edge `left`)
/// and under the last (ending at their right edge `right`); none under the
/// days between.
pub(super) fn edge_label(
    i: usize,
    last: usize,
    left: i64,
    right: i64,
    day: NaiveDate,
) -> Option<String> {
    let (anchor, x) = if i == 0 {
        ("start", left)
    } else if i == last {
        ("end", right)
    } else {
        return None;
    };
    Some(format!(
        r#"<text x="{x}" y="{}" text-anchor="{anchor}">{}</text>"#,
        PLOT_BOTTOM + 18,
        day.format("%b %-d")
    ))
}

#[cfg(test)]
mod tests {
    use super::{edge_label, nice_ceiling, slot_width, svg_start, y_axis};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    #[test]
    fn the_vertical_axis_reads_round_amounts() {
        assert_eq!(nice_ceiling(Decimal::new(43, 3)), Decimal::new(5, 2));
        assert_eq!(nice_ceiling(Decimal::new(12, 0)), Decimal::new(20, 0));
        assert_eq!(nice_ceiling(Decimal::ZERO), Decimal::ONE);
        let axis = y_axis(Decimal::new(5, 2), "GBP", 700);
        assert!(axis.contains(">0.025</text>"), "{axis}");
        assert!(axis.contains(">0.05</text>"), "{axis}");
        assert!(axis.contains(">0</text>"), "{axis}");
        assert!(axis.contains(r#"y1="10""#), "{axis}");
        assert_eq!(slot_width(18, 3), 200);
        assert_eq!(slot_width(18, 100), 18);
    }

    #[test]
    fn the_frame_and_the_edge_days() {
        let svg = svg_start("usage-chart", "A<B", 60);
        assert!(svg.starts_with(
            r#"<svg class="usage-chart" role="img" aria-label="A&lt;B" viewBox="0 0 60 160""#
        ));
        assert!(svg.ends_with(r#"<line class="axis" x1="56" y1="130" x2="52" y2="130"/>"#));
        let day = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap_or_default();
        assert_eq!(
            edge_label(0, 2, 11, 23, day).as_deref(),
            Some(r#"<text x="11" y="148" text-anchor="start">Nov 3</text>"#)
        );
        assert_eq!(edge_label(1, 2, 11, 23, day), None);
        assert!(
            edge_label(2, 2, 11, 23, day)
                .is_some_and(|t| t.contains(r#"x="23" y="148" text-anchor="end""#))
        );
    }
}
