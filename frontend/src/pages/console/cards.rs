//! `/console/cards`: prepaid calling cards, generated in batches and
//! exported as CSV (serials and PINs) for printing.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::save_file;
use crate::components::{
    EmptyState, FormAlert, FormErrors, ListUrl, NewPanel, Pager, SortHead, SortKey, TextField,
    load_error, money, sorted_page,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::{CardBatchView, CreateCardBatchRequest};
use ringledger_shared::error::FieldError;
use ringledger_shared::validate::DisplayName;
use uuid::Uuid;

/// Most cards per batch (the server's limit).
const MAX_CARDS: u32 = 100_000;

/// The cards page.
#[component]
pub fn CardsPage() -> impl IntoView {
    let session = use_session();
    let url = ListUrl::new(&["name", "quantity", "balance", "expires_on", "created_at"]);
    let batches: LocalResource<Result<Page<CardBatchView>, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::list_batches(&token?).await }
        });
    let none = Signal::derive(move || {
        batches
            .get()
            .is_some_and(|r| r.as_ref().is_ok_and(|p| p.items.is_empty()))
    });
    view! {
        <h1>"Cards"</h1>
        <p class="lead">"Prepaid calling cards: generate a batch, then export its serial numbers and PINs for printing."</p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading card batches…"</p> }>
            {move || batches.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(page) if page.items.is_empty() => view! {
                    <EmptyState title="No card batches yet" message="Generate your first batch below." />
                }.into_any(),
                Ok(page) => batches_table(session, url, page.items),
            })}
        </Transition>
        <NewPanel label="New batch" open_when=none>
            <BatchForm session=session on_created=move || batches.refetch() />
        </NewPanel>
    }
}

/// Batches per page.
const PAGE: u64 = 50;

fn batches_table(session: Session, url: ListUrl, items: Vec<CardBatchView>) -> AnyView {
    let (items, total) = sorted_page(items, &url, PAGE, |b, column| match column {
        "name" => SortKey::text(&b.name),
        "quantity" => SortKey::Number(b.quantity.into()),
        "balance" => SortKey::Number(b.initial_balance),
        "expires_on" => b
            .expires_on
            .map_or(SortKey::None, |d| SortKey::Text(d.to_string())),
        "created_at" => SortKey::Text(b.created_at.to_rfc3339()),
        _ => SortKey::None,
    });
    let shown = items.len() as u64;
    let currency = super::catalog::operator_currency().unwrap_or_default();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Card batches"</caption>
                <thead>
                    <tr>
                        <SortHead list=url column="name" label="Batch" />
                        <SortHead list=url column="quantity" label="Cards" numeric=true />
                        <SortHead list=url column="balance" label="Balance per card" numeric=true />
                        <SortHead list=url column="expires_on" label="Expires" />
                        <SortHead list=url column="created_at" label="Created" />
                        <th scope="col">"Export"</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|b| view! {
                        <tr>
                            <th scope="row">{b.name.clone()}</th>
                            <td class="num">{b.quantity.to_string()}</td>
                            <td class="num">{money(b.initial_balance, &currency)}</td>
                            <td>{b.expires_on.map_or_else(|| "Never".to_owned(), |d| d.to_string())}</td>
                            <td>{b.created_at.format("%Y-%m-%d").to_string()}</td>
                            <td><ExportBatch session=session id=b.id name=b.name.clone() /></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(total > PAGE).then(|| view! { <Pager list=url total=total shown=shown page_size=PAGE what="Batches" /> })}
    }
    .into_any()
}

/// "Export CSV": fetched with the bearer token, saved through a Blob URL.
#[component]
fn ExportBatch(session: Session, id: Uuid, name: String) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let fallback = StoredValue::new(format!("{}-cards.csv", name.replace(' ', "_")));
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
        spawn_local(async move {
            match api::export_batch_csv(&token, id).await {
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
        <a
            class="button button-secondary button-small"
            href=format!("/api/v1/card-batches/{id}/cards.csv")
            download=""
            aria-label=format!("Export CSV of {name}")
            aria-busy=move || busy.get().to_string()
            on:click=on_click
        >
            {move || if busy.get() { "Exporting…" } else { "Export CSV" }}
        </a>
        <FormAlert message=error />
    }
}

#[component]
fn BatchForm(
    session: Session,
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let quantity = RwSignal::new(String::new());
    let balance = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        done.set(None);
        let mut invalid = Vec::new();
        if let Err(e) = DisplayName::parse("name", &name.get_untracked()) {
            invalid.push(e);
        }
        let qty = quantity.with_untracked(|q| q.trim().replace([',', '_'], "").parse::<u32>().ok());
        let qty = match qty.filter(|q| (1..=MAX_CARDS).contains(q)) {
            Some(q) => q,
            None => {
                invalid.push(FieldError::new(
                    "quantity",
                    "must be a whole number from 1 to 100,000",
                ));
                0
            }
        };
        if balance.with_untracked(|b| b.trim().is_empty()) {
            invalid.push(FieldError::new(
                "initial_balance",
                "is required, e.g. 10.00",
            ));
        }
        if !invalid.is_empty() {
            return errors.set_all(invalid);
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let request = CreateCardBatchRequest {
            name: name.get_untracked().trim().to_owned(),
            quantity: qty,
            initial_balance: balance.get_untracked().trim().to_owned(),
            expires_on: expires
                .with_untracked(|e| (!e.trim().is_empty()).then(|| e.trim().to_owned())),
        };
        busy.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_batch(&token, &request).await {
                Ok(b) => {
                    done.set(Some(format!(
                        "Batch “{}” of {} cards generated.",
                        b.name, b.quantity
                    )));
                    name.set(String::new());
                    quantity.set(String::new());
                    balance.set(String::new());
                    expires.set(String::new());
                    on_created();
                }
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="batch-form-heading">
            <h2 id="batch-form-heading">"Generate a batch"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <div class="field-row">
                    <TextField id="batch-name" field="name" label="Batch name" value=name errors=errors required=true />
                    <TextField id="batch-quantity" field="quantity" label="Number of cards" value=quantity errors=errors inputmode="numeric" required=true hint=|| "1 to 100,000." />
                </div>
                <div class="field-row">
                    <TextField id="batch-balance" field="initial_balance" label="Initial balance" value=balance errors=errors inputmode="decimal" required=true hint=|| "Per card, in your billing currency." />
                    <TextField id="batch-expires" field="expires_on" label="Expires on" value=expires errors=errors input_type="date" hint=|| "Optional: the last day the cards work." />
                </div>
                <div>
                    <button type="submit" class="button" disabled=move || busy.get()>
                        {move || if busy.get() { "Generating…" } else { "Generate cards" }}
                    </button>
                </div>
                {move || done.get().map(|m| view! { <p class="form-done" role="status">{m}</p> })}
            </form>
        </section>
    }
}
