//! The customer's usage on `/account`: a period picker, calls, minutes and
//! cost per service, and the cost per day as an inline SVG bar chart.
//!
//! Amounts are `Decimal`s shown with `to_string()`; the chart converts them
//! to `f64` for bar heights only.

use crate::api::{self, ApiError};
use crate::components::{EmptyState, FormErrors, TextField, capitalised};
use crate::contexts::use_session;
use chrono::{Days, NaiveDate};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use ringledger_shared::api::calls::{DayUsage, UsageView};
use ringledger_shared::rating::ServiceKind;
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

/// Seconds as minutes with one decimal, rounded half up, in integer math:
/// `90` → `1.5`, `61` → `1.0`, `0` → `0.0`.
pub fn minutes_text(secs: u64) -> String {
    let tenths = (secs.saturating_mul(10).saturating_add(30)) / 60;
    format!("{}.{}", tenths / 10, tenths % 10)
}

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

fn calls_text(n: u64) -> String {
    if n == 1 {
        "1 call".to_owned()
    } else {
        format!("{n} calls")
    }
}

/// The cost per day as SVG markup: `role="img"`, `aria-label="Cost per
/// day"`, one `<rect>` per day with a `<title>` ("2026-11-03: 0.05 GBP,
/// 1 call").
pub fn chart_svg(usage: &UsageView) -> String {
    let days = chart_days(usage.from, usage.to, &usage.days);
    // Geometry only: the largest cost sets the scale.
    let max = days
        .iter()
        .filter_map(|d| d.cost.to_f64())
        .fold(0.0_f64, f64::max);
    let width = LEFT * 2.0 + SLOT * days.len().max(1) as f64;
    let plot = PLOT_BOTTOM - PLOT_TOP;
    let mut svg = format!(
        r#"<svg class="usage-chart" role="img" aria-label="Cost per day" viewBox="0 0 {width} {CHART_HEIGHT}" width="{width}" height="{CHART_HEIGHT}" xmlns="http://www.w3.org/2000/svg">"#
    );
    svg.push_str(&format!(
        r#"<line class="axis" x1="{LEFT}" y1="{PLOT_BOTTOM}" x2="{}" y2="{PLOT_BOTTOM}"/>"#,
        width - LEFT
    ));
    let currency = escape(&usage.currency);
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

fn service_label(kind: &str) -> String {
    ServiceKind::parse(kind).map_or_else(|| kind.to_owned(), |k| k.label().to_owned())
}

/// "Your usage": period picker, per-service table and the daily chart.
#[component]
pub fn UsageSection() -> impl IntoView {
    let session = use_session();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let errors = FormErrors::default();
    // The period asked for: empty strings = the current billing period.
    let applied = RwSignal::new((String::new(), String::new()));
    let usage: LocalResource<Result<UsageView, ApiError>> = LocalResource::new(move || {
        let (from, to) = applied.get();
        let token = session.token();
        async move {
            let token = token.ok_or_else(ApiError::signed_out)?;
            api::my_usage(&token, &from, &to).await
        }
    });
    // The answer names the period shown: the picker follows it.
    Effect::new(move |_| match usage.get() {
        Some(Ok(u)) => {
            from.set(u.from.to_string());
            to.set(u.to.to_string());
        }
        Some(Err(e)) => {
            errors.set_server(&e);
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        applied.set((from.get_untracked(), to.get_untracked()));
    };
    view! {
        <section class="usage" aria-labelledby="usage-heading">
            <h2 id="usage-heading">"Your usage"</h2>
            <form class="search" aria-label="Usage period" on:submit=on_submit>
                <TextField id="usage-from" field="from" label="From" value=from errors=errors input_type="date" />
                <TextField id="usage-to" field="to" label="To" value=to errors=errors input_type="date" />
                <button type="submit" class="button">"Show"</button>
            </form>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading your usage…"</p> }>
                {move || usage.get().map(|r| match r {
                    Err(e) if e.field.is_some() => ().into_any(),
                    Err(e) => view! { <p class="form-alert" role="alert">{capitalised(&e.message)}</p> }.into_any(),
                    Ok(u) => usage_view(&u),
                })}
            </Transition>
        </section>
    }
}

fn usage_view(u: &UsageView) -> AnyView {
    let calls: u64 = u.services.iter().map(|s| s.calls).sum();
    let total: Decimal = u.services.iter().map(|s| s.cost).sum();
    let period = format!("{} to {}", u.from, u.to);
    let services = if u.services.is_empty() {
        view! { <EmptyState title="No services" message="Usage shows here once you have a service." /> }.into_any()
    } else {
        let currency = u.currency.clone();
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption>{format!("Usage per service, {period}")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Service"</th>
                            <th scope="col" class="num">"Calls"</th>
                            <th scope="col" class="num">"Minutes"</th>
                            <th scope="col" class="num">"Included minutes"</th>
                            <th scope="col" class="num">"Cost"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {u.services.iter().map(|s| view! {
                            <tr>
                                <th scope="row">{service_label(&s.kind)}</th>
                                <td class="num">{s.calls.to_string()}</td>
                                <td class="num">{minutes_text(s.billable_secs)}</td>
                                <td class="num">{minutes_text(s.covered_secs)}</td>
                                <td class="num">{format!("{} {currency}", s.cost)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let chart = if u.days.is_empty() {
        view! { <EmptyState title="No calls in this period" message="The cost of each day's calls shows here as a chart." /> }.into_any()
    } else {
        view! { <div class="chart-wrap" inner_html=chart_svg(u) /> }.into_any()
    };
    view! {
        <p class="muted" role="status">
            {format!("{period}: {}, {} {}", calls_text(calls), total, u.currency)}
        </p>
        {services}
        <h3>"Cost per day"</h3>
        {chart}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::{chart_svg, minutes_text};
    use chrono::NaiveDate;
    use ringledger_shared::api::calls::{DayUsage, UsageView};
    use rust_decimal::Decimal;

    #[test]
    fn minutes_have_one_decimal() {
        assert_eq!(minutes_text(0), "0.0");
        assert_eq!(minutes_text(60), "1.0");
        assert_eq!(minutes_text(90), "1.5");
        assert_eq!(minutes_text(61), "1.0");
        assert_eq!(minutes_text(63), "1.1");
        assert_eq!(minutes_text(30_000), "500.0");
    }

    #[test]
    fn chart_has_a_bar_per_day_with_titles() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default();
        let usage = UsageView {
            from: day(1),
            to: day(3),
            currency: "GBP".to_owned(),
            services: Vec::new(),
            days: vec![DayUsage {
                day: day(2),
                calls: 1,
                billable_secs: 60,
                cost: Decimal::new(500, 4),
            }],
        };
        let svg = chart_svg(&usage);
        assert!(
            svg.starts_with(r#"<svg class="usage-chart" role="img" aria-label="Cost per day""#)
        );
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("<title>2026-11-02: 0.05 GBP, 1 call</title>"));
        assert!(svg.contains("<title>2026-11-01: 0 GBP, 0 calls</title>"));
        assert!(svg.ends_with("</svg>"));
    }
}
