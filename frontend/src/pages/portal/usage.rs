//! The customer's usage on `/account`: a period picker, calls, minutes and
//! cost per service, and the cost per day as a bar chart.

use super::{service_text, signed_out};
use crate::api::{self, ApiError};
use crate::components::{EmptyState, FormErrors, TextField, day_chart_svg, load_error, money};
use crate::contexts::language::current as locale;
use crate::contexts::{t, tf, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use ringledger_shared::api::calls::UsageView;
use ringledger_shared::format;
use ringledger_shared::locale::Locale;
use ringledger_shared::rating::ServiceKind;
use rust_decimal::Decimal;

/// Seconds as minutes with one decimal, rounded half up, in integer math:
/// `90` → `1.5`, `61` → `1.0`, `0` → `0.0` (`1,5` in Spanish and French).
pub fn minutes_text(secs: u64) -> String {
    let tenths = (secs.saturating_mul(10).saturating_add(30)) / 60;
    let mark = if locale() == Locale::En { '.' } else { ',' };
    format!("{}{mark}{}", tenths / 10, tenths % 10)
}

fn service_label(kind: &str) -> String {
    ServiceKind::parse(kind).map_or_else(|| kind.to_owned(), service_text)
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
            let token = token.ok_or_else(signed_out)?;
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
            <h2 id="usage-heading">{t("account-usage")}</h2>
            <form class="search" aria-label=t("account-usage-period") on:submit=on_submit>
                <TextField id="usage-from" field="from" label=t("account-from") value=from errors=errors input_type="date" />
                <TextField id="usage-to" field="to" label=t("account-to") value=to errors=errors input_type="date" />
                <button type="submit" class="button">{t("account-show")}</button>
            </form>
            <Transition fallback=|| view! { <p class="loading" role="status">{t("account-usage-loading")}</p> }>
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
    let (from, to) = (format::date(u.from, locale()), format::date(u.to, locale()));
    let period = tf(
        "account-period-range",
        &[("from", from.as_str().into()), ("to", to.as_str().into())],
    );
    let summary = tf(
        "account-usage-summary",
        &[
            ("from", from.into()),
            ("to", to.into()),
            (
                "calls",
                tf("common-calls", &[("count", calls.into())]).into(),
            ),
            ("total", money(total, &u.currency).into()),
        ],
    );
    let services = if u.services.is_empty() {
        view! { <EmptyState title=t("account-usage-no-services") message=t("account-usage-no-services-note") /> }.into_any()
    } else {
        let currency = u.currency.clone();
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption>{tf("account-usage-per-service", &[("period", period.into())])}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t("account-col-service")}</th>
                            <th scope="col" class="num">{t("account-col-calls")}</th>
                            <th scope="col" class="num">{t("account-col-minutes")}</th>
                            <th scope="col" class="num">{t("account-col-included")}</th>
                            <th scope="col" class="num">{t("account-col-cost")}</th>
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
        view! { <EmptyState title=t("account-no-calls") message=t("account-no-calls-note") /> }
            .into_any()
    } else {
        let label = t("account-cost-per-day");
        view! { <div class="chart-wrap" inner_html=day_chart_svg(&label, u.from, u.to, &u.currency, &u.days) /> }.into_any()
    };
    view! {
        <p class="muted" role="status">{summary}</p>
        {services}
        <h3>{t("account-cost-per-day")}</h3>
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
