//! The dashboard's margin panel: what the seller's customers (and
//! sub-resellers) were charged, what its parent charged it, and the
//! difference — in total and per day as a bar chart.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{
    EmptyState, FormErrors, SelectField, load_error, margin_chart_svg, money_text,
};
use crate::contexts::use_session;
use leptos::prelude::*;
use ringledger_shared::api::resellers::MarginReport;

/// The periods the panel offers, in days.
const PERIODS: &[(&str, &str)] = &[
    ("7", "Last 7 days"),
    ("30", "Last 30 days"),
    ("90", "Last 90 days"),
];

/// "Margin": period picker, totals, revenue and cost per day.
#[component]
pub fn MarginPanel() -> impl IntoView {
    let session = use_session();
    let days = RwSignal::new("30".to_owned());
    let errors = FormErrors::default();
    let report: LocalResource<Result<MarginReport, ApiError>> = LocalResource::new(move || {
        let days = days.get().parse::<u32>().unwrap_or(30);
        let token = token(session);
        async move { api::margin_report(&token?, days).await }
    });
    let is_reseller = move || session.is_reseller();
    view! {
        <section class="margin" aria-labelledby="margin-heading">
            <h2 id="margin-heading">"Margin"</h2>
            <p class="muted">
                {move || if is_reseller() {
                    "What your customers and sub-resellers were charged (revenue), what your operator charged you for the same calls (cost), and what you keep."
                } else {
                    "What your customers and resellers were charged for calls. As the operator you pay no one, so your cost is zero."
                }}
            </p>
            <form class="search" aria-label="Margin period" on:submit=|ev| ev.prevent_default()>
                <SelectField id="margin-days" label="Period" value=days errors=errors options=PERIODS />
            </form>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the margin…"</p> }>
                {move || report.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(r) => margin_view(&r),
                })}
            </Transition>
        </section>
    }
}

fn margin_view(r: &MarginReport) -> AnyView {
    let calls: u64 = r.days.iter().map(|d| d.calls).sum();
    let totals = view! {
        <dl class="facts margin-totals">
            <div><dt>"Revenue"</dt><dd>{money_text(&r.revenue, &r.currency)}</dd></div>
            <div><dt>"Cost"</dt><dd>{money_text(&r.cost, &r.currency)}</dd></div>
            <div><dt>"Margin"</dt><dd>{money_text(&r.margin, &r.currency)}</dd></div>
        </dl>
    };
    let chart = if calls == 0 {
        view! {
            <EmptyState
                title="No calls rated in this period"
                message="Revenue and cost per day show here once calls are rated."
            />
        }
        .into_any()
    } else {
        let currency = r.currency.clone();
        let rows = r
            .days
            .iter()
            .filter(|d| d.calls > 0)
            .map(|d| {
                view! {
                    <tr>
                        <th scope="row">{d.day.to_string()}</th>
                        <td class="num">{d.calls.to_string()}</td>
                        <td class="num">{money_text(&d.revenue, &currency)}</td>
                        <td class="num">{money_text(&d.cost, &currency)}</td>
                        <td class="num">{money_text(&d.margin, &currency)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="chart-wrap" inner_html=margin_chart_svg("Revenue and cost per day", &r.currency, &r.days) />
            <p class="chart-legend" aria-hidden="true">
                <span class="key key-revenue"></span>"revenue "
                <span class="key key-cost"></span>"cost"
            </p>
            <details>
                <summary>"Days with calls"</summary>
                <div class="table-wrap">
                    <table class="table">
                        <caption class="visually-hidden">"Margin per day"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Day"</th>
                                <th scope="col" class="num">"Calls"</th>
                                <th scope="col" class="num">"Revenue"</th>
                                <th scope="col" class="num">"Cost"</th>
                                <th scope="col" class="num">"Margin"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        }
        .into_any()
    };
    view! {
        {totals}
        {chart}
    }
    .into_any()
}
