//! `/console/catalog` (and `/console/catalog/decks`): the rate decks, and
//! the upload form. The operator's decks are its catalog; a reseller also
//! sees its own (its selling prices), each marked "Operator's" or "Yours".

use super::{CatalogTabs, deck_owner, is_own_deck, my_seller, operator_currency, today_utc, token};
use crate::api::{self, ApiError, DeckUpload};
use crate::components::{
    EmptyState, FileField, FormAlert, FormErrors, ListUrl, NewPanel, Pager, SelectField, SortHead,
    SortKey, TextField, load_error, rate_text, sorted_page,
};
use crate::contexts::use_session;
use crate::pages::signup::CURRENCIES;
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::{DeckImportResponse, DeckView};
use ringledger_shared::error::FieldError;
use ringledger_shared::ids::SellerId;
use ringledger_shared::rating::deck_csv::{DeckProblem, MAX_PROBLEMS};
use ringledger_shared::validate::{self, DisplayName};
use rust_decimal::Decimal;
use web_sys::File;

/// Decks per page.
const DECK_PAGE: u64 = 50;

/// The decks page.
#[component]
pub fn DecksPage() -> impl IntoView {
    let session = use_session();
    let url = ListUrl::new(&["name", "currency", "effective_from", "rows", "versions"]);
    let decks: LocalResource<Result<Page<DeckView>, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::list_decks(&token?).await }
    });
    // A reseller's list holds the operator's decks and its own: say whose.
    let owner = untrack(move || session.is_reseller()).then(|| my_seller(session));
    // No deck of one's own yet (the operator: none at all; a reseller: none
    // beside the operator's): uploading one is what the page is for.
    let none_own = Signal::derive(move || {
        decks.get().is_some_and(|r| {
            r.as_ref().is_ok_and(|p| {
                !p.items.iter().any(|d| match owner {
                    Some(me) => is_own_deck(d, me),
                    None => d.seller_id.is_none(),
                })
            })
        })
    });
    view! {
        <h1>"Catalog"</h1>
        <CatalogTabs />
        <section aria-labelledby="decks-heading">
            <h2 id="decks-heading">"Rate decks"</h2>
            <p class="muted">
                "A rate deck prices calls by destination prefix. Upload a new file under the same name to add a version from a later date."
            </p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading rate decks…"</p> }>
                {move || {
                    decks
                        .get()
                        .map(|result| match result {
                            Err(e) => load_error(&e),
                            Ok(page) if page.items.is_empty() => view! {
                                <EmptyState
                                    title="No rate decks yet"
                                    message="Upload your first deck below: a CSV file with one row per destination prefix."
                                />
                            }
                            .into_any(),
                            Ok(page) => deck_table(url, page.items, owner),
                        })
                }}
            </Transition>
        </section>
        <NewPanel label="Upload a rate deck" open_when=none_own>
            <UploadForm reseller=owner.is_some() on_imported=move || decks.refetch() />
        </NewPanel>
        <CsvFormat />
    }
}

/// The decks; with `owner` (a reseller's list: its seller) a column says
/// whose each deck is.
fn deck_table(url: ListUrl, decks: Vec<DeckView>, owner: Option<Option<SellerId>>) -> AnyView {
    let (decks, total) = sorted_page(decks, &url, DECK_PAGE, |d, column| {
        let shown = d.current().or_else(|| d.versions.last());
        match column {
            "name" => SortKey::text(&d.name),
            "currency" => SortKey::text(&d.currency),
            "effective_from" => shown.map_or(SortKey::None, |v| {
                SortKey::Text(v.effective_from.to_string())
            }),
            "rows" => shown.map_or(SortKey::None, |v| SortKey::Number(v.rows.into())),
            "versions" => SortKey::Number((d.versions.len() as u64).into()),
            _ => SortKey::None,
        }
    });
    let count = decks.len() as u64;
    let row = move |d: DeckView| {
        let shown = d.current().or_else(|| d.versions.last()).cloned();
        let href = format!("/console/catalog/decks/{}", d.id);
        let versions = d.versions.len();
        let (effective, rows, destinations, range) = match &shown {
            Some(v) => (
                if v.current {
                    v.effective_from.to_string()
                } else {
                    format!("{} (scheduled)", v.effective_from)
                },
                v.rows.to_string(),
                v.destinations.to_string(),
                format!("{} – {}", rate_text(v.min_rate), rate_text(v.max_rate)),
            ),
            None => ("—".into(), "—".into(), "—".into(), "—".into()),
        };
        view! {
            <tr>
                <th scope="row">
                    <a href=href>{d.name.clone()}</a>
                </th>
                {owner.map(|me| view! { <td>{deck_owner(&d, me)}</td> })}
                <td>{d.currency.clone()}</td>
                <td>{effective}</td>
                <td class="num">{rows}</td>
                <td class="num">{destinations}</td>
                <td class="num">{range}</td>
                <td class="num">{versions}</td>
            </tr>
        }
    };
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Rate decks"</caption>
                <thead>
                    <tr>
                        <SortHead list=url column="name" label="Name" />
                        {owner.map(|_| view! { <th scope="col">"Owner"</th> })}
                        <SortHead list=url column="currency" label="Currency" />
                        <SortHead list=url column="effective_from" label="Effective from" />
                        <SortHead list=url column="rows" label="Rows" numeric=true />
                        <th scope="col">"Destinations"</th>
                        <th scope="col">"Rate/min (min – max)"</th>
                        <SortHead list=url column="versions" label="Versions" numeric=true />
                    </tr>
                </thead>
                <tbody>{decks.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
        {(total > DECK_PAGE).then(|| view! { <Pager list=url total=total shown=count page_size=DECK_PAGE what="Rate decks" /> })}
    }
    .into_any()
}

/// Where an upload is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Idle,
    /// Bytes sent of the total.
    Uploading(f64, f64),
    /// The server has the file and is checking it.
    Processing,
}

/// The deck upload form.
#[component]
fn UploadForm(
    /// A reseller uploads its own decks (told what they are for).
    reseller: bool,
    /// Called after a successful import.
    on_imported: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let currency = RwSignal::new(operator_currency().unwrap_or_else(|| "USD".to_owned()));
    let effective_from = RwSignal::new(today_utc());
    let file_input = NodeRef::<Input>::new();
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let phase = RwSignal::new(Phase::Idle);
    let outcome = RwSignal::new(None::<DeckImportResponse>);
    let problems = RwSignal::new(Vec::<DeckProblem>::new());
    let problem_count = RwSignal::new(0usize);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if phase.get_untracked() != Phase::Idle {
            return;
        }
        errors.clear();
        form_error.set(None);
        outcome.set(None);
        problems.set(Vec::new());
        let (upload, file) = match deck_upload(name, currency, effective_from, file_input) {
            Ok(u) => u,
            Err(invalid) => {
                errors.set_all(invalid);
                return;
            }
        };
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => {
                form_error.set(Some(e.message));
                return;
            }
        };
        phase.set(Phase::Uploading(0.0, file.size()));
        let on_imported = on_imported.clone();
        spawn_local(async move {
            let result = api::upload_deck(
                &token,
                &upload,
                &file,
                move |sent, total| {
                    if phase.get_untracked() != Phase::Processing {
                        phase.set(Phase::Uploading(sent, total));
                    }
                },
                move || phase.set(Phase::Processing),
            )
            .await;
            phase.set(Phase::Idle);
            match result {
                Ok((_, response)) => {
                    outcome.set(Some(response));
                    on_imported();
                }
                Err(e) if e.code == ErrorCode::InvalidDeck && !e.problems.is_empty() => {
                    problem_count.set(e.problems.len());
                    problems.set(e.problems);
                }
                Err(e) => errors.show_server(&e, form_error),
            }
        });
    };

    let busy = move || phase.get() != Phase::Idle;

    view! {
        <section class="catalog-form" aria-labelledby="upload-heading">
            <h2 id="upload-heading">"Upload a rate deck"</h2>
            {reseller.then(|| view! {
                <p class="muted">
                    "Your own decks set your selling prices once you choose one under "
                    <a href="/console/pricing">"Pricing"</a>
                    ". They never price a call below your operator's price: a lower rate is raised to it."
                </p>
            })}
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                {deck_fields(name, currency, effective_from, file_input, errors, problems)}
                {move || upload_status(phase.get())}
                <div>
                    <button type="submit" class="button" disabled=busy>
                        "Upload deck"
                    </button>
                </div>
            </form>
            {move || {
                let list = problems.get();
                (!list.is_empty()).then(|| problem_list(list, problem_count.get()))
            }}
            {move || outcome.get().map(summary)}
        </section>
    }
}

/// What the upload sends with the chosen file, or the field errors found
/// here first.
fn deck_upload(
    name: RwSignal<String>,
    currency: RwSignal<String>,
    effective_from: RwSignal<String>,
    file_input: NodeRef<Input>,
) -> Result<(DeckUpload, File), Vec<FieldError>> {
    let mut invalid: Vec<FieldError> = Vec::new();
    if let Err(e) = DisplayName::parse("name", &name.get_untracked()) {
        invalid.push(e);
    }
    if let Err(e) = validate::currency("currency", &currency.get_untracked()) {
        invalid.push(e);
    }
    if effective_from.with_untracked(|d| d.trim().is_empty()) {
        invalid.push(FieldError::new(
            "effective_from",
            "must be a date like 2026-12-01",
        ));
    }
    let file = file_input
        .get_untracked()
        .and_then(|input| input.files())
        .and_then(|files| files.get(0));
    let Some(file) = file else {
        invalid.push(FieldError::new("file", "choose the deck's CSV file"));
        return Err(invalid);
    };
    if !invalid.is_empty() {
        return Err(invalid);
    }
    let upload = DeckUpload {
        name: name.get_untracked(),
        currency: currency.get_untracked(),
        effective_from: effective_from.get_untracked(),
    };
    Ok((upload, file))
}

/// "Deck name", "Currency", "Effective from" and the CSV file (choosing
/// another clears the listed problems).
fn deck_fields(
    name: RwSignal<String>,
    currency: RwSignal<String>,
    effective_from: RwSignal<String>,
    file_input: NodeRef<Input>,
    errors: FormErrors,
    problems: RwSignal<Vec<DeckProblem>>,
) -> impl IntoView {
    view! {
        <TextField
            id="deck-name"
            field="name"
            label="Deck name"
            value=name
            errors=errors
            required=true
            hint=|| "A new name creates a deck; an existing name adds a version to it."
        />
        <div class="field-row">
            <SelectField
                id="currency"
                label="Currency"
                value=currency
                errors=errors
                options=CURRENCIES
            />
            <TextField
                id="effective_from"
                label="Effective from"
                value=effective_from
                errors=errors
                input_type="date"
                required=true
            />
        </div>
        <FileField
            id="deck-file"
            field="file"
            label="Rate deck CSV"
            errors=errors
            accept=".csv,text/csv"
            node_ref=file_input
            hint="The format is described below. Files up to 256 MiB."
            on_change=move |()| problems.set(Vec::new())
        />
    }
}

/// The upload's progress while it is sent, then "Processing…".
fn upload_status(phase: Phase) -> Option<AnyView> {
    match phase {
        Phase::Idle => None,
        Phase::Uploading(sent, total) => {
            let percent = if total > 0.0 {
                (sent / total * 100.0).round()
            } else {
                0.0
            };
            Some(
                view! {
                    <div class="upload-status" role="status">
                        <progress aria-label="Upload progress" max=total.max(1.0) value=sent></progress>
                        <span>{format!("Uploading… {percent}%")}</span>
                    </div>
                }
                .into_any(),
            )
        }
        Phase::Processing => Some(
            view! {
                <div class="upload-status" role="status">
                    <progress aria-label="Upload progress"></progress>
                    <span>"Processing…"</span>
                </div>
            }
            .into_any(),
        ),
    }
}

/// "Line 3 — rate_per_minute: “x” is not a decimal number".
fn problem_text(p: &DeckProblem) -> String {
    match &p.column {
        Some(c) => format!("Line {} — {c}: {}", p.line, p.message),
        None => format!("Line {} — {}", p.line, p.message),
    }
}

fn problem_list(list: Vec<DeckProblem>, count: usize) -> AnyView {
    let intro = if count >= MAX_PROBLEMS {
        format!(
            "The first {count} problems are listed. Fix them in the file and upload it again: nothing was imported."
        )
    } else if count == 1 {
        "1 problem was found. Fix it in the file and upload it again: nothing was imported."
            .to_owned()
    } else {
        format!(
            "{count} problems were found. Fix them in the file and upload it again: nothing was imported."
        )
    };
    view! {
        <div class="deck-problems" role="alert">
            <h3>"The deck was not imported"</h3>
            <p>{intro}</p>
            <ul>{list.iter().map(|p| view! { <li>{problem_text(p)}</li> }).collect_view()}</ul>
        </div>
    }
    .into_any()
}

fn summary(r: DeckImportResponse) -> AnyView {
    let title = if r.created {
        format!("Deck “{}” imported", r.deck.name)
    } else {
        format!(
            "This file was already imported into “{}” for that date",
            r.deck.name
        )
    };
    let href = format!("/console/catalog/decks/{}", r.deck.id);
    view! {
        <div class="notice notice-ok" role="status">
            <h3>{title}</h3>
            <dl class="facts">
                <div>
                    <dt>"Rows"</dt>
                    <dd>{r.summary.rows.to_string()}</dd>
                </div>
                <div>
                    <dt>"Destinations"</dt>
                    <dd>{r.summary.destinations.to_string()}</dd>
                </div>
                <div>
                    <dt>"Lowest rate"</dt>
                    <dd>{optional_rate(r.summary.min_rate)} " " {r.deck.currency.clone()} "/min"</dd>
                </div>
                <div>
                    <dt>"Highest rate"</dt>
                    <dd>{optional_rate(r.summary.max_rate)} " " {r.deck.currency.clone()} "/min"</dd>
                </div>
                <div>
                    <dt>"Effective from"</dt>
                    <dd>{r.version.effective_from.to_string()}</dd>
                </div>
            </dl>
            <a href=href>{format!("Open “{}”", r.deck.name)}</a>
        </div>
    }
    .into_any()
}

/// An optional rate (4 to 6 places), or "—".
fn optional_rate(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_owned(), rate_text)
}

/// The documented CSV format.
#[component]
fn CsvFormat() -> impl IntoView {
    view! {
        <section class="csv-format" aria-labelledby="csv-format-heading">
            <h2 id="csv-format-heading">"Rate deck CSV format"</h2>
            <p>
                "A header line, then one row per prefix. Columns may come in any order; other columns are ignored. Line numbers in error reports count the header as line 1."
            </p>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"Column"</th>
                            <th scope="col">"Meaning"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <th scope="row"><code>"prefix"</code></th>
                            <td class="wrap">"1 to 15 digits of the international number (no + or 00); the longest matching prefix wins; each prefix once"</td>
                        </tr>
                        <tr>
                            <th scope="row"><code>"destination"</code></th>
                            <td>"Name shown to you and on invoices, e.g. UK Mobile"</td>
                        </tr>
                        <tr>
                            <th scope="row"><code>"rate_per_minute"</code></th>
                            <td>"Price per minute, a decimal ≥ 0 with up to 6 places"</td>
                        </tr>
                        <tr>
                            <th scope="row"><code>"connect_fee"</code></th>
                            <td>"Charged once per answered call, a decimal ≥ 0 (often 0)"</td>
                        </tr>
                        <tr>
                            <th scope="row"><code>"initial_increment"</code></th>
                            <td>"First billing block in whole seconds, at least 1"</td>
                        </tr>
                        <tr>
                            <th scope="row"><code>"subsequent_increment"</code></th>
                            <td>"Each following block in whole seconds, at least 1"</td>
                        </tr>
                    </tbody>
                </table>
            </div>
            <p>"Example:"</p>
            <pre class="code">
                "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n447,UK Mobile,0.2,0,30,6\n44,UK,0.015,0,60,60"
            </pre>
            <p class="muted">
                "With 30/6 increments a 45-second call is billed 48 seconds: the first 30, then 6-second blocks."
            </p>
        </section>
    }
}
