//! The customer's usage on `/account`: a period picker, calls, minutes and
//! cost per service, and the cost per day as a bar chart.

use crate::api::{self, ApiError};
use crate::components::{
    EmptyState, FormErrors, TextField, calls_text, day_chart_svg, load_error, money,
};
use crate::contexts::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use ringledger_shared::api::calls::UsageView;
use ringledger_shared::rating::ServiceKind;
use rust_decimal::Decimal;

/// Seconds as minutes with one decimal, rounded half up, in integer math:
/// `90` → `1.5`, `61` → `1.0`, `0` → `0.0`.
pub fn minutes_text(secs: u64) -> String {
    let tenths = (secs.saturating_mul(10).saturating_add(30)) / 60;
    format!("{}.{}", tenths / 10, tenths % 10)
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
                    Err(e) => load_error(&e),
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
                                <td class="num">{money(s.cost, &currency)}</td>
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
        view! { <div class="chart-wrap" inner_html=day_chart_svg("Cost per day", u.from, u.to, &u.currency, &u.days) /> }.into_any()
    };
    view! {
        <p class="muted" role="status">
            {format!("{period}: {}, {}", calls_text(calls), money(total, &u.currency))}
        </p>
        {services}
        <h3>"Cost per day"</h3>
        {chart}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::minutes_text;

    #[test]
    fn minutes_have_one_decimal() {
        assert_eq!(minutes_text(0), "0.0");
        assert_eq!(minutes_text(60), "1.0");
        assert_eq!(minutes_text(90), "1.5");
        assert_eq!(minutes_text(61), "1.0");
        assert_eq!(minutes_text(63), "1.1");
        assert_eq!(minutes_text(30_000), "500.0");
    }
}
