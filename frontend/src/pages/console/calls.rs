//! `/console/calls`: the operator's call detail records — filters (number,
//! period, status, and the customer from `?customer_id=`), a paged table,
//! "Export CSV" with the same filters and "Re-rate kept records".

use super::catalog::token;
use crate::api::{self, ApiError, CdrFilter};
use crate::components::save_file;
use crate::components::{
    EmptyState, FormAlert, FormErrors, ListUrl, Pager, SelectField, TextField, load_error,
    rate_text,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use ringledger_shared::api::Page;
use ringledger_shared::api::calls::{CdrStatus, CdrView, RejectCode, RerateResponse};
use ringledger_shared::rating::ServiceKind;
use uuid::Uuid;

/// Records per page.
const PAGE_SIZE: u64 = 50;

/// The status filter's options.
const STATUSES: &[(&str, &str)] = &[
    ("", "Any status"),
    ("rated", "Rated"),
    ("rejected", "Rejected"),
];

/// "1 re-rated, 1 still rejected", and whether anything was re-rated (a
/// run that re-rated nothing is no success: it says why).
fn rerate_text(r: &RerateResponse) -> (String, bool) {
    match (r.rerated, r.still_rejected) {
        (0, 0) => ("There were no kept records to re-rate.".to_owned(), false),
        (0, left) => (
            format!(
                "Nothing re-rated: {left} kept record(s) still cannot be rated. Fix their reason \
                 (a missing rate, an unknown caller) and re-rate again."
            ),
            false,
        ),
        (done, left) => (format!("{done} re-rated, {left} still rejected"), true),
    }
}

/// `no_rate` → `No rate`.
fn reason_text(code: &str) -> String {
    crate::components::upper_first(&code.replace('_', " "))
}

fn service_text(kind: &str) -> String {
    ServiceKind::parse(kind).map_or_else(|| kind.to_owned(), |k| k.label().to_owned())
}

/// The Calls page.
#[component]
pub fn CallsPage() -> impl IntoView {
    let session = use_session();
    // The filters and the page live in the address (a link from a customer
    // names it with `customer_id`); back and reload show the same calls.
    let url = ListUrl::new(&[]);
    let customer_id = Memo::new(move |_| Uuid::parse_str(url.param("customer_id").trim()).ok());
    let number = RwSignal::new(url.param_untracked("number"));
    let from = RwSignal::new(url.param_untracked("from"));
    let to = RwSignal::new(url.param_untracked("to"));
    let status = RwSignal::new(url.param_untracked("status"));
    let errors = FormErrors::default();
    let filter = Memo::new(move |_| CdrFilter {
        customer_id: customer_id.get(),
        number: url.param("number"),
        from: url.param("from"),
        to: url.param("to"),
        status: url.param("status"),
    });
    let list: LocalResource<Result<Page<CdrView>, ApiError>> = LocalResource::new(move || {
        let (filter, offset) = (filter.get(), url.page() * PAGE_SIZE);
        let token = token(session);
        async move { api::list_cdrs(&token?, &filter, offset, PAGE_SIZE).await }
    });
    // A field error of the last load is shown beside its filter.
    Effect::new(move |_| {
        if let Some(Err(e)) = list.get() {
            errors.set_server(&e);
        }
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        url.set(&[
            ("number", number.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
            ("status", status.get_untracked()),
        ]);
    };
    let filter = Signal::derive(move || filter.get());
    view! {
        <h1>"Calls"</h1>
        <p class="lead">"Call detail records from your switches: rated calls and those kept because they could not be rated."</p>
        {move || customer_id.get().map(|id| view! {
            <p class="notice" role="status">
                "Showing one customer's calls. "
                <A href=format!("/console/customers/{id}")>"Back to the customer"</A>
                " · "
                <A href="/console/calls">"All calls"</A>
            </p>
        })}
        <div class="toolbar">
            <ExportCalls session=session filter=filter />
            // Re-rating is the operator's (it owns the rate decks).
            {(!untrack(move || session.is_reseller())).then(|| view! {
                <Rerate session=session on_done=move || list.refetch() />
            })}
        </div>
        <form class="search" role="search" aria-label="Filter calls" on:submit=on_search>
            <TextField id="calls-number" field="number" label="Number" value=number errors=errors
                input_type="search" inputmode="tel" hint=|| "Part of the dialled number or of the caller's identifier." />
            <TextField id="calls-from" field="from" label="From" value=from errors=errors input_type="date" />
            <TextField id="calls-to" field="to" label="To" value=to errors=errors input_type="date" />
            <SelectField id="status" label="Status" value=status errors=errors options=STATUSES />
            <button type="submit" class="button">"Search"</button>
        </form>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading calls…"</p> }>
            {move || list.get().map(|r| match r {
                Err(e) if e.field.is_some() => ().into_any(),
                Err(e) => load_error(&e),
                Ok(page) => calls_table(page, &filter.get_untracked(), url),
            })}
        </Transition>
        <super::fraud::refused::RefusedCalls session=session customer=customer_id />
    }
}

fn calls_table(page: Page<CdrView>, filter: &CdrFilter, url: ListUrl) -> AnyView {
    if page.items.is_empty() && url.page() == 0 {
        let only_customer = CdrFilter {
            customer_id: filter.customer_id,
            ..CdrFilter::default()
        };
        return if filter.customer_id.is_some() && filter == &only_customer {
            view! { <EmptyState title="No calls for this customer" message="Their calls show here once your switch posts them." /> }.into_any()
        } else if filter != &CdrFilter::default() {
            view! { <EmptyState title="No calls match" message="Try another number, period or status." /> }.into_any()
        } else {
            view! { <EmptyState title="No calls yet" message="Calls show here once your switch posts call detail records with a switch key (Settings → Switch keys)." /> }.into_any()
        };
    }
    let shown = page.items.len() as u64;
    let total = page.total;
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Calls"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Start (UTC)"</th>
                        <th scope="col">"Call ID"</th>
                        <th scope="col">"Service"</th>
                        <th scope="col">"Identifier"</th>
                        <th scope="col">"Destination"</th>
                        <th scope="col">"Duration"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Billable s"</th>
                        <th scope="col" class="num">"Charge"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.items.into_iter().map(|c| {
                        let status = if c.status == CdrStatus::Rated {
                            view! { <span class="badge badge-ok">"rated"</span> }.into_any()
                        } else {
                            // The server's words when it has them ("no deck
                            // version in force on 2026-11-28"), else the code.
                            let reason = c
                                .reason_detail
                                .as_deref()
                                .filter(|d| !d.is_empty())
                                .or(c.reason.map(RejectCode::as_str))
                                .map(reason_text)
                                .unwrap_or_default();
                            view! {
                                <span class="badge badge-warn">{c.status.as_str()}</span>
                                {(!reason.is_empty()).then(|| view! { " " <span class="muted">{reason}</span> })}
                            }.into_any()
                        };
                        view! {
                            <tr>
                                <td>{c.start_time.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                                <th scope="row" class="wrap">{c.call_id.clone()}</th>
                                <td>{service_text(&c.service_kind)}</td>
                                <td class="wrap">{c.identifier.clone()}</td>
                                <td>{c.destination.clone()}</td>
                                <td>{ringledger_shared::format::duration(c.duration_secs)}</td>
                                <td>{status}</td>
                                <td class="num">{c.billable_secs.to_string()}</td>
                                <td class="num">{rate_text(c.charge)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager list=url total=total shown=shown page_size=PAGE_SIZE what="Calls" />
    }
    .into_any()
}

/// "Export CSV" of the shown filters: fetched with the bearer token, saved
/// through a Blob URL.
#[component]
fn ExportCalls(session: Session, filter: Signal<CdrFilter>) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        busy.set(true);
        error.set(None);
        let filter = filter.get_untracked();
        spawn_local(async move {
            match api::export_cdrs_csv(&token, &filter).await {
                Ok((filename, text)) => {
                    let filename = filename.unwrap_or_else(|| "calls.csv".to_owned());
                    if save_file(&filename, &text).is_none() {
                        error.set(Some("The browser could not save the file.".to_owned()));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="export">
            <a class="button button-secondary" href="/api/v1/cdrs/export.csv" download=""
                aria-busy=move || busy.get().to_string() on:click=on_click>
                {move || if busy.get() { "Exporting…" } else { "Export CSV" }}
            </a>
            <FormAlert message=error />
        </div>
    }
}

/// "Re-rate kept records" and its outcome.
#[component]
fn Rerate(session: Session, on_done: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<(String, bool)>);
    let on_click = move |_| {
        if busy.get_untracked() {
            return;
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        busy.set(true);
        error.set(None);
        done.set(None);
        let on_done = on_done.clone();
        spawn_local(async move {
            match api::rerate_cdrs(&token).await {
                Ok(r) => {
                    done.set(Some(rerate_text(&r)));
                    on_done();
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="rerate">
            <button type="button" class="button" disabled=move || busy.get() on:click=on_click>
                {move || if busy.get() { "Re-rating…" } else { "Re-rate kept records" }}
            </button>
            <FormAlert message=error />
            {move || done.get().map(|(m, ok)| view! {
                <p class=if ok { "form-done" } else { "notice" } role="status">{m}</p>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{reason_text, rerate_text};
    use ringledger_shared::api::calls::RerateResponse;

    #[test]
    fn texts() {
        assert_eq!(
            rerate_text(&RerateResponse {
                rerated: 1,
                still_rejected: 1
            }),
            ("1 re-rated, 1 still rejected".to_owned(), true)
        );
        let none = rerate_text(&RerateResponse {
            rerated: 0,
            still_rejected: 2,
        });
        assert!(!none.1 && none.0.starts_with("Nothing re-rated"));
        assert_eq!(reason_text("no_rate"), "No rate");
        assert_eq!(reason_text(""), "");
    }
}
