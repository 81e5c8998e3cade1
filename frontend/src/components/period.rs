//! A period of whole days kept in the address (`?from=YYYY-MM-DD&to=…`),
//! so that reloading the page, a link and the Back button keep it; and its
//! labelled picker.

use super::field::{FormErrors, TextField};
use crate::api::ApiError;
use chrono::NaiveDate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// The address's period and the picker's state.
#[derive(Debug, Clone, Copy)]
pub struct UrlPeriod {
    /// `from` of the address (empty: the server's default, the first of
    /// this month).
    pub from: Memo<String>,
    /// `to` of the address (empty: the server's default, today).
    pub to: Memo<String>,
    /// What the "From" input holds.
    input_from: RwSignal<String>,
    /// What the "To" input holds.
    input_to: RwSignal<String>,
    /// The picker's errors (`from`, `to`).
    pub errors: FormErrors,
}

impl UrlPeriod {
    /// Reads the period of the current address (call inside a routed component).
    pub fn new() -> Self {
        let query = use_query_map();
        let day = move |key: &'static str| {
            Memo::new(move |_| query.with(|q| q.get(key).unwrap_or_default()))
        };
        let (from, to) = (day("from"), day("to"));
        Self {
            from,
            to,
            input_from: RwSignal::new(from.get_untracked()),
            input_to: RwSignal::new(to.get_untracked()),
            errors: FormErrors::default(),
        }
    }

    /// The period the server answered for: the inputs show its days (the
    /// defaults filled in).
    pub fn loaded(self, from: NaiveDate, to: NaiveDate) {
        self.input_from.set(from.to_string());
        self.input_to.set(to.to_string());
    }

    /// A load failed: a bad day is shown beside its input (`true`); any
    /// other error is the caller's to show (`false`).
    pub fn failed(self, error: &ApiError) -> bool {
        if matches!(error.field.as_deref(), Some("from" | "to")) {
            self.input_from.set(self.from.get_untracked());
            self.input_to.set(self.to.get_untracked());
            self.errors.set_server(error)
        } else {
            false
        }
    }
}

/// `s` percent-encoded for a query string (all but RFC 3986's unreserved
/// characters).
fn escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The query string of the current address (`query`, its pairs) with
/// `from` and `to` replaced (left out when empty); `""` when nothing is left.
fn with_period<'a>(
    query: impl IntoIterator<Item = (&'a str, &'a str)>,
    from: &str,
    to: &str,
) -> String {
    let mut pairs: Vec<(&str, &str)> = query
        .into_iter()
        .filter(|(k, _)| *k != "from" && *k != "to")
        .collect();
    for (key, value) in [("from", from.trim()), ("to", to.trim())] {
        if !value.is_empty() {
            pairs.push((key, value));
        }
    }
    if pairs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect();
    format!("?{}", parts.join("&"))
}

/// "From" and "To" date inputs and a "Show" button; showing a period puts
/// it in the address (a history entry of its own).
#[component]
pub fn PeriodPicker(
    /// The period.
    period: UrlPeriod,
    /// Prefix of the inputs' ids (unique on the page).
    id: &'static str,
    /// The form's accessible name, e.g. "Period".
    label: &'static str,
) -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    let query = use_query_map();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        period.errors.clear();
        let (from, to) = (
            period.input_from.get_untracked(),
            period.input_to.get_untracked(),
        );
        if let (Ok(f), Ok(t)) = (
            NaiveDate::parse_from_str(&from, "%Y-%m-%d"),
            NaiveDate::parse_from_str(&to, "%Y-%m-%d"),
        ) && t < f
        {
            period.errors.set_pairs(vec![(
                "to".to_owned(),
                "cannot be before the first day".to_owned(),
            )]);
            return;
        }
        let path = location.pathname.get_untracked();
        let qs = query.with_untracked(|q| {
            with_period(q.into_iter().map(|(k, v)| (k.as_ref(), v)), &from, &to)
        });
        navigate(
            &format!("{path}{qs}"),
            NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    view! {
        <form class="search" aria-label=label on:submit=on_submit novalidate>
            <TextField id=format!("{id}-from") field="from" label="From" value=period.input_from
                errors=period.errors input_type="date" />
            <TextField id=format!("{id}-to") field="to" label="To" value=period.input_to
                errors=period.errors input_type="date" />
            <button type="submit" class="button">"Show"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::with_period;

    #[test]
    fn the_period_replaces_its_days_in_the_query() {
        assert_eq!(
            with_period(
                [("from", "2026-01-01"), ("tab", "a b&c")],
                "2026-02-01",
                "2026-02-28"
            ),
            "?tab=a%20b%26c&from=2026-02-01&to=2026-02-28"
        );
        assert_eq!(with_period([("to", "2026-01-31")], "", " "), "");
    }
}
