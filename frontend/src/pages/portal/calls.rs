//! The customer's calls on `/account` (issue 24): each rated call of every
//! service — when, the number called (masked as the seller chose), how long,
//! the seconds billed and those the allowance covered, and the charge — by
//! service, period and number, a page at a time, with a CSV export.

use super::{service_text, signed_out};
use crate::api::{self, ApiError, MyCallFilter};
use crate::components::save_file;
use crate::components::{ChoiceField, EmptyState, FormAlert, FormErrors, TextField, load_error};
use crate::contexts::language::current as locale;
use crate::contexts::{t, tf, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::ServiceView;
use ringledger_shared::api::my_calls::MyCallView;
use ringledger_shared::format;
use ringledger_shared::rating::ServiceKind;
use uuid::Uuid;

/// Calls per page.
const PAGE_SIZE: u64 = 50;

/// A service as the filter names it: its kind and what tells it apart.
fn service_option(s: &ServiceView) -> (String, String) {
    let tag = s
        .username
        .clone()
        .or_else(|| s.anis.first().cloned())
        .or_else(|| s.serial.clone());
    let kind = service_text(s.kind);
    let text = match tag {
        Some(tag) => format!("{kind} · {tag}"),
        None => kind,
    };
    (s.id.to_string(), text)
}

/// "Your calls": filters, the export, one page of calls and the pager.
#[component]
pub fn CallsSection(services: Vec<ServiceView>, currency: String) -> impl IntoView {
    let session = use_session();
    let service = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let applied = RwSignal::new(MyCallFilter::default());
    let offset = RwSignal::new(0u64);
    let calls: LocalResource<Result<Page<MyCallView>, ApiError>> = LocalResource::new(move || {
        let filter = applied.get();
        let offset = offset.get();
        let token = session.token();
        async move {
            let token = token.ok_or_else(signed_out)?;
            api::my_calls(&token, &filter, offset, PAGE_SIZE).await
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = calls.get() {
            errors.set_server(&e);
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        offset.set(0);
        applied.set(MyCallFilter {
            service_id: Uuid::parse_str(&service.get_untracked()).ok(),
            number: number.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
        });
    };
    let mut options = vec![(String::new(), t("account-calls-every-service"))];
    options.extend(services.iter().map(service_option));
    let kinds: Vec<(Uuid, ServiceKind)> = services.iter().map(|s| (s.id, s.kind)).collect();
    view! {
        <section class="calls" aria-labelledby="calls-heading">
            <h2 id="calls-heading">{t("account-calls")}</h2>
            <form class="search" aria-label=t("account-calls-search") on:submit=on_submit>
                <ChoiceField id="calls-service" field="service_id" label=t("account-col-service") value=service errors=errors options=Signal::stored(options) />
                <TextField id="calls-number" field="number" label=t("account-calls-number") value=number errors=errors input_type="search" inputmode="tel" />
                <TextField id="calls-from" field="from" label=t("account-from") value=from errors=errors input_type="date" />
                <TextField id="calls-to" field="to" label=t("account-to") value=to errors=errors input_type="date" />
                <button type="submit" class="button">{t("account-show")}</button>
            </form>
            <ExportCalls filter=applied />
            <Transition fallback=|| view! { <p class="loading" role="status">{t("account-calls-loading")}</p> }>
                {move || calls.get().map(|r| match r {
                    Err(e) if e.field.is_some() => ().into_any(),
                    Err(e) => load_error(&e),
                    Ok(page) => calls_table(&page, offset, &currency, &kinds),
                })}
            </Transition>
        </section>
    }
}

/// "Export CSV": the calls the filters find, as a file.
#[component]
fn ExportCalls(filter: RwSignal<MyCallFilter>) -> impl IntoView {
    let session = use_session();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_click = move |_| {
        let Some(token) = session.token() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let filter = filter.get_untracked();
        spawn_local(async move {
            match api::export_my_calls_csv(&token, &filter).await {
                Ok((name, text)) => {
                    let name = name.unwrap_or_else(|| "calls.csv".to_owned());
                    if save_file(&name, &text).is_none() {
                        error.set(Some(t("account-save-failed")));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="export">
            <button type="button" class="button button-secondary" on:click=on_click
                aria-busy=move || busy.get().to_string() disabled=move || busy.get()>
                {move || if busy.get() { t("account-exporting") } else { t("account-export-csv") }}
            </button>
            <FormAlert message=error />
        </div>
    }
}

fn calls_table(
    page: &Page<MyCallView>,
    offset: RwSignal<u64>,
    currency: &str,
    kinds: &[(Uuid, ServiceKind)],
) -> AnyView {
    if page.items.is_empty() {
        return view! { <EmptyState title=t("account-calls-none") message=t("account-calls-none-note") /> }
            .into_any();
    }
    let at = offset.get_untracked();
    let shown = tf(
        "account-calls-shown",
        &[
            ("first", (at + 1).into()),
            ("last", (at + page.items.len() as u64).into()),
            ("total", page.total.into()),
        ],
    );
    let kind_of = |c: &MyCallView| {
        c.service_id
            .and_then(|id| kinds.iter().find(|(s, _)| *s == id))
            .map(|(_, k)| service_text(*k))
            .unwrap_or_else(|| c.service_kind.clone())
    };
    let rows = page
        .items
        .iter()
        .map(|c| {
            let when = c.start_time.format("%Y-%m-%d %H:%M:%S").to_string();
            view! {
                <tr>
                    <td><time datetime=c.start_time.to_rfc3339()>{when}</time></td>
                    <td>{kind_of(c)}</td>
                    <td class="mono">{c.destination.clone()}</td>
                    <td class="num">{format::duration(c.duration_secs)}</td>
                    <td class="num">{format::duration(c.billable_secs)}</td>
                    <td class="num">{format::duration(c.covered_secs)}</td>
                    <td class="num">{format::rate_money(c.charge, currency, locale())}</td>
                </tr>
            }
        })
        .collect_view();
    let total = page.total;
    let has_next = at + (page.items.len() as u64) < total;
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption>{shown.clone()}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("account-calls-time")}</th>
                        <th scope="col">{t("account-col-service")}</th>
                        <th scope="col">{t("account-calls-number")}</th>
                        <th scope="col" class="num">{t("account-calls-duration")}</th>
                        <th scope="col" class="num">{t("account-calls-billed")}</th>
                        <th scope="col" class="num">{t("account-calls-included")}</th>
                        <th scope="col" class="num">{t("account-calls-charge")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label=t("account-calls-pages")>
            <button type="button" class="button button-secondary" disabled=at == 0
                on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE_SIZE))>
                {t("account-calls-previous")}
            </button>
            <span role="status">{shown}</span>
            <button type="button" class="button button-secondary" disabled=!has_next
                on:click=move |_| offset.update(|o| *o += PAGE_SIZE)>
                {t("account-calls-next")}
            </button>
        </nav>
    }
    .into_any()
}
