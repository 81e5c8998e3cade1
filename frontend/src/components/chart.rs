//! What the bar charts per day ([`day_chart_svg`](super::day_chart_svg),
//! [`margin_chart_svg`](super::margin_chart_svg)) share: the frame (height,
//! plot area, axis), the first and last day's labels, and escaping.

use chrono::NaiveDate;

/// Chart geometry (SVG user units); each chart sets its own slot and bar
/// widths.
pub(super) const CHART_HEIGHT: i64 = 160;
pub(super) const PLOT_TOP: i64 = 10;
pub(super) const PLOT_BOTTOM: i64 = 130;
pub(super) const LEFT: i64 = 8;

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
        width - LEFT
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
    use super::{edge_label, svg_start};
    use chrono::NaiveDate;

    #[test]
    fn the_frame_and_the_edge_days() {
        let svg = svg_start("usage-chart", "A<B", 60);
        assert!(svg.starts_with(
            r#"<svg class="usage-chart" role="img" aria-label="A&lt;B" viewBox="0 0 60 160""#
        ));
        assert!(svg.ends_with(r#"<line class="axis" x1="8" y1="130" x2="52" y2="130"/>"#));
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
