//! The dashboard's revenue panel: usage revenue over a period, per service
//! and per day as a bar chart.

use crate::api::{self, ApiError};
use crate::components::{
    EmptyState, FormErrors, TextField, calls_text, day_chart_svg, load_error, money,
};
use crate::contexts::use_session;
use crate::pages::portal::usage::minutes_text;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use ringledger_shared::api::calls::RevenueView;
use ringledger_shared::rating::ServiceKind;
use rust_decimal::Decimal;

/// "Revenue": period picker, total, per-service table, chart per day.
#[component]
pub fn RevenuePanel() -> impl IntoView {
    let session = use_session();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let applied = RwSignal::new((String::new(), String::new()));
    let report: LocalResource<Result<RevenueView, ApiError>> = LocalResource::new(move || {
        let (from, to) = applied.get();
        let token = session.token();
        async move {
            let token = token.ok_or_else(ApiError::signed_out)?;
            api::revenue(&token, &from, &to).await
        }
    });
    Effect::new(move |_| match report.get() {
        Some(Ok(r)) => {
            from.set(r.from.to_string());
            to.set(r.to.to_string());
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
        <section class="revenue" aria-labelledby="revenue-heading">
            <h2 id="revenue-heading">"Revenue"</h2>
            <form class="search" aria-label="Revenue period" on:submit=on_submit>
                <TextField id="revenue-from" field="from" label="From" value=from errors=errors input_type="date" />
                <TextField id="revenue-to" field="to" label="To" value=to errors=errors input_type="date" />
                <button type="submit" class="button">"Show"</button>
            </form>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading revenue…"</p> }>
                {move || report.get().map(|r| match r {
                    Err(e) if e.field.is_some() => ().into_any(),
                    Err(e) => load_error(&e),
                    Ok(r) => revenue_view(&r),
                })}
            </Transition>
        </section>
    }
}

fn revenue_view(r: &RevenueView) -> AnyView {
    let calls: u64 = r.services.iter().map(|s| s.calls).sum();
    let total: Decimal = r.services.iter().map(|s| s.revenue).sum();
    let period = format!("{} to {}", r.from, r.to);
    if calls == 0 {
        return view! {
            <EmptyState
                title="No calls in this period"
                message="Revenue per day and per service shows here once your switches post calls."
            />
        }
        .into_any();
    }
    let currency = r.currency.clone();
    let label = |kind: &str| {
        ServiceKind::parse(kind).map_or_else(|| kind.to_owned(), |k| k.label().to_owned())
    };
    view! {
        <p class="muted" role="status">
            {format!("{period}: {}, {}", calls_text(calls), money(total, &r.currency))}
        </p>
        <div class="chart-wrap" inner_html=day_chart_svg("Revenue per day", r.from, r.to, &r.currency, &r.days) />
        <div class="table-wrap">
            <table class="table">
                <caption>{format!("Revenue per service, {period}")}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Service"</th>
                        <th scope="col" class="num">"Calls"</th>
                        <th scope="col" class="num">"Minutes"</th>
                        <th scope="col" class="num">"Revenue"</th>
                    </tr>
                </thead>
                <tbody>
                    {r.services.iter().map(|s| view! {
                        <tr>
                            <th scope="row">{label(&s.kind)}</th>
                            <td class="num">{s.calls.to_string()}</td>
                            <td class="num">{minutes_text(s.billable_secs)}</td>
                            <td class="num">{money(s.revenue, &currency)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
