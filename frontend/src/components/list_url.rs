//! A list's filters, order and page kept in the page address
//! (`?q=acme&sort=-created_at&page=2`): back, forward and reload show the
//! same rows, and a link shares them. Column headers sort ([`SortHead`]),
//! [`Pager`] moves between pages; lists the server pages ask it for the
//! rows, short lists sort and slice in the browser ([`sorted_page`]).

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use ringledger_shared::api::sort::Sort;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Goes to an address of the SPA (the router's `navigate`).
type Navigate = Box<dyn Fn(&str)>;

/// The address-kept state of one list.
#[derive(Clone, Copy)]
pub struct ListUrl {
    query: Memo<ParamsMap>,
    path: Memo<String>,
    go: StoredValue<Navigate, LocalStorage>,
    columns: &'static [&'static str],
}

impl ListUrl {
    /// The state of the list on this page, sortable by `columns`.
    pub fn new(columns: &'static [&'static str]) -> Self {
        let navigate = use_navigate();
        let location = use_location();
        let map = use_query_map();
        Self {
            query: Memo::new(move |_| map.get()),
            path: Memo::new(move |_| location.pathname.get()),
            go: StoredValue::new_local(Box::new(move |url: &str| {
                navigate(url, Default::default());
            })),
            columns,
        }
    }

    /// A parameter of the address (tracked; `""` when absent).
    pub fn param(&self, key: &str) -> String {
        self.query.with(|q| q.get(key).unwrap_or_default())
    }

    /// A parameter, without tracking.
    pub fn param_untracked(&self, key: &str) -> String {
        self.query
            .with_untracked(|q| q.get(key).unwrap_or_default())
    }

    /// The page shown, from 0 (tracked; the address counts from 1).
    pub fn page(&self) -> u64 {
        self.param("page")
            .parse::<u64>()
            .ok()
            .and_then(|p| p.checked_sub(1))
            .unwrap_or(0)
    }

    /// The order asked for, if it is one of the list's columns (tracked).
    pub fn sort(&self) -> Option<Sort> {
        Sort::parse("sort", &self.param("sort"), self.columns)
            .ok()
            .flatten()
    }

    /// The order as the address writes it (`""`: the list's default).
    pub fn sort_param(&self) -> String {
        self.sort().map(Sort::to_param).unwrap_or_default()
    }

    /// Sets parameters (blank ones are removed) and goes there, back to
    /// the first page unless `page` is among them.
    pub fn set(&self, changes: &[(&str, String)]) {
        let mut params: Vec<(String, String)> = self.query.with_untracked(|q| {
            q.into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        let paging = changes.iter().any(|(k, _)| *k == "page");
        if !paging {
            params.retain(|(k, _)| k != "page");
        }
        for (key, value) in changes {
            params.retain(|(k, _)| k != key);
            if !value.trim().is_empty() {
                params.push(((*key).to_owned(), value.trim().to_owned()));
            }
        }
        let qs: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        let path = self.path.get_untracked();
        let url = if qs.is_empty() {
            path
        } else {
            format!("{path}?{}", qs.join("&"))
        };
        self.go.with_value(|go| go(&url));
    }

    /// Goes to page `page` (from 0).
    pub fn go_to_page(&self, page: u64) {
        let value = if page == 0 {
            String::new()
        } else {
            (page + 1).to_string()
        };
        self.set(&[("page", value)]);
    }

    /// Sorts by `column`: ascending first, then descending, then ascending
    /// again.
    pub fn toggle_sort(&self, column: &'static str) {
        let next = match self.sort() {
            Some(s) if s.column == column && !s.descending => Sort {
                column,
                descending: true,
            },
            _ => Sort {
                column,
                descending: false,
            },
        };
        self.set(&[("sort", next.to_param())]);
    }
}

/// `value` percent-encoded for a query string.
fn encode(value: &str) -> String {
    String::from(web_sys::js_sys::encode_uri_component(value))
}

/// A column header that sorts the list by `column` (`aria-sort` tells
/// screen readers the order).
#[component]
pub fn SortHead(
    /// The list.
    list: ListUrl,
    /// The column's name in the address.
    column: &'static str,
    /// The header's text.
    #[prop(into)]
    label: String,
    /// Right-aligned (amounts, counts).
    #[prop(optional)]
    numeric: bool,
) -> impl IntoView {
    let state = move || {
        list.sort()
            .filter(|s| s.column == column)
            .map(|s| s.descending)
    };
    view! {
        <th
            scope="col"
            class:num=numeric
            aria-sort=move || match state() {
                Some(false) => "ascending",
                Some(true) => "descending",
                None => "none",
            }
        >
            <button type="button" class="sort-button" on:click=move |_| list.toggle_sort(column)>
                {label}
                <span class="sort-mark" aria-hidden="true">
                    {move || match state() {
                        Some(false) => "▲",
                        Some(true) => "▼",
                        None => "↕",
                    }}
                </span>
            </button>
        </th>
    }
}

/// "Rows 26–50 of 130" and the buttons to the pages around it.
#[component]
pub fn Pager(
    /// The list.
    list: ListUrl,
    /// Rows in the whole list.
    total: u64,
    /// Rows on this page.
    shown: u64,
    /// Rows per page.
    page_size: u64,
    /// What the rows are ("Customers").
    what: &'static str,
) -> impl IntoView {
    let page = list.page();
    let first = page * page_size;
    let last_page = total.saturating_sub(1) / page_size.max(1);
    view! {
        <div class="pager">
            <p class="muted" role="status">
                {if shown == 0 {
                    format!("{what}: none on this page")
                } else {
                    format!("{what} {}–{} of {total}", first + 1, first + shown)
                }}
            </p>
            <button type="button" class="button button-secondary button-small" disabled=page == 0
                on:click=move |_| list.go_to_page(page.saturating_sub(1))>"Previous page"</button>
            <button type="button" class="button button-secondary button-small" disabled={first + shown >= total}
                on:click=move |_| list.go_to_page((page + 1).min(last_page))>"Next page"</button>
        </div>
    }
}

/// A value a browser-sorted column compares by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    /// Nothing: sorts last.
    None,
    /// A number or amount.
    Number(Decimal),
    /// Text, compared without case.
    Text(String),
}

impl SortKey {
    /// Text compared without case.
    pub fn text(s: &str) -> Self {
        SortKey::Text(s.to_lowercase())
    }
}

/// One page of `rows` in the list's order (`key` gives a row's value in a
/// column), for lists the browser holds whole; also the number of rows.
pub fn sorted_page<T>(
    mut rows: Vec<T>,
    list: &ListUrl,
    page_size: u64,
    key: impl Fn(&T, &str) -> SortKey,
) -> (Vec<T>, u64) {
    if let Some(sort) = list.sort() {
        rows.sort_by(|a, b| {
            let (ka, kb) = (key(a, sort.column), key(b, sort.column));
            let order = match (&ka, &kb) {
                (SortKey::None, SortKey::None) => Ordering::Equal,
                (SortKey::None, _) => Ordering::Greater,
                (_, SortKey::None) => Ordering::Less,
                _ => ka.cmp(&kb),
            };
            if sort.descending && !matches!((&ka, &kb), (SortKey::None, _) | (_, SortKey::None)) {
                order.reverse()
            } else {
                order
            }
        });
    }
    let total = rows.len() as u64;
    let page = list.page().min(total.saturating_sub(1) / page_size.max(1));
    let start = usize::try_from(page * page_size).unwrap_or(usize::MAX);
    let rows = rows
        .into_iter()
        .skip(start)
        .take(usize::try_from(page_size).unwrap_or(usize::MAX))
        .collect();
    (rows, total)
}
