//! The eight limit inputs (per account, per service: concurrent calls,
//! calls per minute, spend per hour and per day), parsed into `FraudLimits`.

use crate::components::{FormErrors, TextField};
use leptos::prelude::*;
use ringledger_shared::api::fraud::{FraudLimits, Limits};
use rust_decimal::Decimal;

const LABELS: [&str; 4] = [
    "Calls at once",
    "Calls per minute",
    "Spend per hour",
    "Spend per day",
];
const NAMES: [&str; 4] = [
    "concurrent_calls",
    "calls_per_minute",
    "spend_per_hour",
    "spend_per_day",
];

/// The inputs of one scope (account or service).
#[derive(Clone, Copy)]
pub struct ScopeInputs([RwSignal<String>; 4]);

impl ScopeInputs {
    fn new(l: &Limits) -> Self {
        let n = |v: Option<u32>| RwSignal::new(v.map(|n| n.to_string()).unwrap_or_default());
        let d = |v: Option<Decimal>| RwSignal::new(v.map(|d| d.to_string()).unwrap_or_default());
        ScopeInputs([
            n(l.concurrent_calls),
            n(l.calls_per_minute),
            d(l.spend_per_hour),
            d(l.spend_per_day),
        ])
    }

    fn parse(&self, scope: &str, bad: &mut Vec<(String, String)>) -> Limits {
        let text = |i: usize| self.0[i].get_untracked().trim().to_owned();
        let mut count = |i: usize| -> Option<u32> {
            let t = text(i);
            if t.is_empty() {
                return None;
            }
            t.parse().ok().or_else(|| {
                bad.push((
                    format!("limits.{scope}.{}", NAMES[i]),
                    "must be a whole number of calls, or empty".into(),
                ));
                None
            })
        };
        let concurrent_calls = count(0);
        let calls_per_minute = count(1);
        let mut money = |i: usize| -> Option<Decimal> {
            let t = text(i);
            if t.is_empty() {
                return None;
            }
            t.parse().ok().or_else(|| {
                bad.push((
                    format!("limits.{scope}.{}", NAMES[i]),
                    "must be an amount like 25.00, or empty".into(),
                ));
                None
            })
        };
        Limits {
            concurrent_calls,
            calls_per_minute,
            spend_per_hour: money(2),
            spend_per_day: money(3),
        }
    }
}

/// Every input of a limits form.
#[derive(Clone, Copy)]
pub struct LimitInputs {
    account: ScopeInputs,
    service: ScopeInputs,
}

impl LimitInputs {
    /// Inputs holding `limits`.
    pub fn new(limits: &FraudLimits) -> Self {
        LimitInputs {
            account: ScopeInputs::new(&limits.account),
            service: ScopeInputs::new(&limits.service),
        }
    }

    /// The limits typed, or the fields that are not numbers.
    pub fn parse(&self) -> Result<FraudLimits, Vec<(String, String)>> {
        let mut bad = Vec::new();
        let limits = FraudLimits {
            account: self.account.parse("account", &mut bad),
            service: self.service.parse("service", &mut bad),
        };
        if bad.is_empty() { Ok(limits) } else { Err(bad) }
    }
}

/// What a limit falls back to when left empty, for the placeholder.
fn fallback(l: Option<&Limits>, i: usize) -> Option<String> {
    let l = l?;
    let v = match i {
        0 => l.concurrent_calls.map(|n| n.to_string()),
        1 => l.calls_per_minute.map(|n| n.to_string()),
        2 => l.spend_per_hour.map(|d| d.to_string()),
        _ => l.spend_per_day.map(|d| d.to_string()),
    };
    Some(v.map_or_else(|| "no limit".to_owned(), |v| format!("{v} (default)")))
}

/// The inputs of one scope, as a row of fields.
#[component]
fn Scope(
    scope: &'static str,
    legend: &'static str,
    inputs: ScopeInputs,
    errors: FormErrors,
    defaults: Option<Limits>,
) -> impl IntoView {
    let fields = (0..4)
        .map(|i| {
            let id = format!("limits.{scope}.{}", NAMES[i]);
            let numeric = if i < 2 { "numeric" } else { "decimal" };
            match fallback(defaults.as_ref(), i) {
                Some(p) => view! {
                    <TextField id=id label=LABELS[i] value=inputs.0[i] errors=errors inputmode=numeric maxlength=12 placeholder=p />
                }
                .into_any(),
                None => view! {
                    <TextField id=id label=LABELS[i] value=inputs.0[i] errors=errors inputmode=numeric maxlength=12 />
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <fieldset class="field">
            <legend>{legend}</legend>
            <div class="field-row">{fields}</div>
        </fieldset>
    }
}

/// Both scopes. `defaults`: what an empty input falls back to (a
/// customer's form shows its seller's limits).
#[component]
pub fn LimitsFields(
    inputs: LimitInputs,
    errors: FormErrors,
    #[prop(optional)] defaults: Option<FraudLimits>,
) -> impl IntoView {
    view! {
        <Scope scope="account" legend="Each account (all its services together)" inputs=inputs.account
            errors=errors defaults=defaults.map(|d| d.account) />
        <Scope scope="service" legend="Each service" inputs=inputs.service
            errors=errors defaults=defaults.map(|d| d.service) />
        <p class="muted small">"Empty: no limit. Calls at once end when their CDR arrives; spend counts the current hour and day (UTC)."</p>
    }
}
