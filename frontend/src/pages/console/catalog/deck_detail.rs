//! `/console/catalog/decks/:id`: a deck's versions, its rates (searchable,
//! paged), CSV export and a price preview.

use super::preview::{PreviewError, price};
use super::{CatalogTabs, token};
use crate::api::{self, ApiError};
use crate::components::{
    ChoiceField, EmptyState, FormAlert, FormErrors, TextField, capitalised, load_error, rate_text,
    save_file,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::{DeckView, RateView};
use ringledger_shared::error::FieldError;
use ringledger_shared::rating::{MAX_CALL_SECS, RateError, normalize};
use uuid::Uuid;

/// Rates per page of the table.
const PAGE_SIZE: u64 = 50;

/// The deck page.
#[component]
pub fn DeckDetail() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok()));
    move || match id() {
        Some(id) => view! { <DeckPage id=id /> }.into_any(),
        None => view! {
            <h1>"Rate deck not found"</h1>
            <EmptyState title="This deck does not exist" message="Pick a deck from the catalog.">
                <a href="/console/catalog">"Back to rate decks"</a>
            </EmptyState>
        }
        .into_any(),
    }
}

#[component]
fn DeckPage(id: Uuid) -> impl IntoView {
    let session = use_session();
    let deck: LocalResource<Result<DeckView, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::get_deck(&token?, id).await }
    });
    view! {
        <p class="breadcrumb">
            <a href="/console/catalog">"Catalog"</a>
            " / Rate decks"
        </p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading the deck…"</p> }>
            {move || {
                deck.get()
                    .map(|result| match result {
                        Err(e) => view! {
                            <h1>"Rate deck"</h1>
                            {load_error(&e)}
                        }
                        .into_any(),
                        Ok(d) => view! { <DeckBody deck=d /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn DeckBody(deck: DeckView) -> impl IntoView {
    let session = use_session();
    let id = deck.id;
    // "" = the current version.
    let version = RwSignal::new(String::new());
    let version_id = Signal::derive(move || version.with(|v| Uuid::parse_str(v).ok()));
    let mut options = vec![(String::new(), "The current version".to_owned())];
    options.extend(deck.versions.iter().map(|v| {
        let state = if v.current {
            " (current)"
        } else if deck
            .current()
            .is_some_and(|c| c.effective_from < v.effective_from)
            || deck.current().is_none()
        {
            " (scheduled)"
        } else {
            " (past)"
        };
        (
            v.id.to_string(),
            format!("From {}{state}", v.effective_from),
        )
    }));
    let version_errors = FormErrors::default();
    let currency = deck.currency.clone();
    let current = deck.current().map(|v| v.id);
    let version_rows = deck
        .versions
        .iter()
        .map(|v| {
            let badge = if v.current {
                view! { <span class="badge badge-ok">"Current"</span> }.into_any()
            } else if current.is_none()
                || deck
                    .current()
                    .is_some_and(|c| c.effective_from < v.effective_from)
            {
                view! { <span class="badge badge-warn">"Scheduled"</span> }.into_any()
            } else {
                view! { <span class="badge">"Past"</span> }.into_any()
            };
            view! {
                <tr>
                    <th scope="row">{v.effective_from.to_string()}</th>
                    <td class="num">{v.rows.to_string()}</td>
                    <td class="num">{v.destinations.to_string()}</td>
                    <td class="num">{format!("{} – {}", rate_text(v.min_rate), rate_text(v.max_rate))}</td>
                    <td>{badge}</td>
                    <td>{v.created_at.format("%Y-%m-%d").to_string()}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <h1>{deck.name.clone()}</h1>
        <CatalogTabs />
        <p class="muted">{format!("Amounts in {}.", deck.currency)}</p>
        <section aria-labelledby="versions-heading">
            <h2 id="versions-heading">"Versions"</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"Effective from"</th>
                            <th scope="col">"Rows"</th>
                            <th scope="col">"Destinations"</th>
                            <th scope="col">"Rate/min (min – max)"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Uploaded"</th>
                        </tr>
                    </thead>
                    <tbody>{version_rows}</tbody>
                </table>
            </div>
        </section>
        <div class="toolbar">
            <ChoiceField
                id="version"
                label="Version shown"
                value=version
                errors=version_errors
                options=Signal::derive(move || options.clone())
            />
            <ExportLink session=session id=id version_id=version_id name=deck.name.clone() />
        </div>
        <PricePreview session=session id=id version_id=version_id currency=currency />
        <RateTable session=session id=id version_id=version_id />
    }
}

/// "Export CSV": fetched with the bearer token, then saved through a Blob URL.
#[component]
fn ExportLink(
    session: Session,
    id: Uuid,
    version_id: Signal<Option<Uuid>>,
    name: String,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let fallback = StoredValue::new(format!("{name}.csv"));
    let href = move || match version_id.get() {
        Some(v) => format!("/api/v1/rate-decks/{id}/export.csv?version_id={v}"),
        None => format!("/api/v1/rate-decks/{id}/export.csv"),
    };
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
        let version = version_id.get_untracked();
        spawn_local(async move {
            match api::export_deck_csv(&token, id, version).await {
                Ok((filename, text)) => {
                    let filename = filename.unwrap_or_else(|| fallback.get_value());
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
            <a class="button button-secondary" href=href download="" on:click=on_click aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { "Exporting…" } else { "Export CSV" }}
            </a>
            <FormAlert message=error />
        </div>
    }
}

/// The price preview form and its answer.
#[component]
fn PricePreview(
    session: Session,
    id: Uuid,
    version_id: Signal<Option<Uuid>>,
    currency: String,
) -> impl IntoView {
    let number = RwSignal::new(String::new());
    let duration = RwSignal::new("60".to_owned());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Ok(line) or Err(message).
    let answer = RwSignal::new(None::<Result<String, String>>);
    let currency = StoredValue::new(currency);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        answer.set(None);
        let raw = number.get_untracked();
        let mut invalid = Vec::new();
        let secs = match duration.get_untracked().trim().parse::<i64>() {
            Ok(s) if (0..=i64::try_from(MAX_CALL_SECS).unwrap_or(i64::MAX)).contains(&s) => Some(s),
            _ => {
                invalid.push(FieldError::new(
                    "duration",
                    format!("must be a whole number of seconds from 0 to {MAX_CALL_SECS}"),
                ));
                None
            }
        };
        if raw.trim().is_empty() {
            invalid.push(FieldError::new("number", "is required"));
        }
        let Some(secs) = secs.filter(|_| invalid.is_empty()) else {
            errors.set_all(invalid);
            return;
        };
        if normalize(&raw).is_err() {
            answer.set(Some(Err(not_valid(&raw))));
            return;
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        let version = version_id.get_untracked();
        spawn_local(async move {
            match api::match_rates(&token, id, &raw, version).await {
                Ok(matched) => answer.set(Some(match price(&matched.rates, &raw, secs) {
                    Ok(call) => Ok(format!("{} {}", call.describe(), currency.get_value())),
                    Err(PreviewError::Rate(RateError::NoRate)) => Err(format!(
                        "No rate for this number: no prefix of {} is in this version of the deck.",
                        matched.number
                    )),
                    Err(PreviewError::Rate(RateError::InvalidDestination)) => Err(not_valid(&raw)),
                    Err(PreviewError::BadRows(m)) => Err(capitalised(&m)),
                })),
                Err(e) if e.field.as_deref() == Some("number") => {
                    answer.set(Some(Err(not_valid(&raw))))
                }
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="catalog-form" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Price preview"</h2>
            <p class="muted">"Prices a call with the same engine that bills it."</p>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <div class="field-row">
                    <TextField
                        id="number"
                        label="Phone number"
                        value=number
                        errors=errors
                        input_type="tel"
                        inputmode="tel"
                        placeholder="+44 7911 123456"
                        required=true
                    />
                    <TextField
                        id="duration"
                        label="Duration (seconds)"
                        value=duration
                        errors=errors
                        inputmode="numeric"
                        required=true
                    />
                </div>
                <div>
                    <button type="submit" class="button" disabled=move || busy.get()>
                        "Price call"
                    </button>
                </div>
            </form>
            {move || {
                answer
                    .get()
                    .map(|a| match a {
                        Ok(line) => view! { <p class="price-result" role="status">{line}</p> }.into_any(),
                        Err(m) => view! { <p class="form-alert" role="alert">{m}</p> }.into_any(),
                    })
            }}
        </section>
    }
}

fn not_valid(raw: &str) -> String {
    format!(
        "Not a valid number: “{}” must be 1 to 15 digits in international format (e.g. +44 7911 123456).",
        raw.trim()
    )
}

/// The searchable, paged table of rates.
#[component]
fn RateTable(session: Session, id: Uuid, version_id: Signal<Option<Uuid>>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let offset = RwSignal::new(0u64);
    let errors = FormErrors::default();
    let rates: LocalResource<Result<Page<RateView>, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        let (q, offset, version) = (query.get(), offset.get(), version_id.get());
        async move { api::search_rates(&token?, id, &q, version, offset, PAGE_SIZE).await }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        offset.set(0);
        query.set(typed.get_untracked().trim().to_owned());
    };
    let table = move |page: Page<RateView>| {
        if page.items.is_empty() {
            let q = query.get_untracked();
            return view! {
                <EmptyState
                    title="No matching rates"
                    message=if q.is_empty() {
                        "This version has no rates.".to_owned()
                    } else {
                        format!("No prefix starts with, and no destination contains, “{q}”.")
                    }
                />
            }
            .into_any();
        }
        let first = offset.get_untracked() + 1;
        let last = offset.get_untracked() + page.items.len() as u64;
        let total = page.total;
        view! {
            <p class="muted" role="status">{format!("Rates {first}–{last} of {total}")}</p>
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">"Rates"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Prefix"</th>
                            <th scope="col">"Destination"</th>
                            <th scope="col">"Per minute"</th>
                            <th scope="col">"Connect fee"</th>
                            <th scope="col">"Increments"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {page
                            .items
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr>
                                        <th scope="row">{r.prefix}</th>
                                        <td>{r.destination}</td>
                                        <td class="num">{rate_text(r.rate_per_minute)}</td>
                                        <td class="num">{rate_text(r.connect_fee)}</td>
                                        <td>{format!("{}/{}", r.initial_increment, r.subsequent_increment)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="pager">
                <button
                    type="button"
                    class="button button-secondary button-small"
                    disabled={ first <= 1 }
                    on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE_SIZE))
                >
                    "Previous page"
                </button>
                <button
                    type="button"
                    class="button button-secondary button-small"
                    disabled={ last >= total }
                    on:click=move |_| offset.update(|o| *o += PAGE_SIZE)
                >
                    "Next page"
                </button>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="rates-heading">
            <h2 id="rates-heading">"Rates"</h2>
            <form class="search" role="search" on:submit=on_submit>
                <TextField id="rate-search" label="Search prefix or destination" value=typed errors=errors input_type="search" />
                <button type="submit" class="button">
                    "Search"
                </button>
            </form>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading rates…"</p> }>
                {move || rates.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(page) => table(page),
                })}
            </Transition>
        </section>
    }
}
