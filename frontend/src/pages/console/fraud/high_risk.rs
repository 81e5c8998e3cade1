//! The operator's high-risk prefixes (premium rate, satellite, known fraud
//! ranges): a CSV import that replaces the list, its export, and the list.
//! Customers call them only when allowed on their page.

use crate::api::{self, ApiError};
use crate::components::{EmptyState, FormAlert, load_error, save_file};
use crate::contexts::Session;
use crate::pages::console::catalog::token;
use crate::pages::console::csv_import::CsvImport;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::fraud::HighRiskList;

/// How many prefixes the page lists (the export has them all).
const SHOWN: usize = 50;

/// The list, its import (the operator's owners and admins) and export.
#[component]
pub fn HighRiskSection(session: Session, can_edit: bool) -> impl IntoView {
    let list: LocalResource<Result<HighRiskList, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::list_high_risk(&token?).await }
    });
    let error = RwSignal::new(None::<String>);
    let send = move |token: String, file: web_sys::File| async move {
        let r = api::import_high_risk(&token, file).await?;
        list.refetch();
        Ok::<_, ApiError>(format!("{} high-risk prefixes imported.", r.prefixes))
    };
    let export = move |_| {
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        spawn_local(async move {
            match api::export_high_risk(&token).await {
                Ok((name, text)) => {
                    let name = name.unwrap_or_else(|| "high-risk-prefixes.csv".into());
                    if save_file(&name, &text).is_none() {
                        error.set(Some("The browser could not save the file.".into()));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <h3 id="high-risk-heading">"High-risk prefixes"</h3>
        <p class="muted">"Destinations only customers you allow may call. A CSV with the header "<code>"prefix,description"</code>" replaces the list."</p>
        <FormAlert message=error />
        {can_edit.then(|| view! {
            <CsvImport session=session label="CSV file of high-risk prefixes" button="Import high-risk prefixes"
                missing="Choose the CSV file of high-risk prefixes first." send=send />
        })}
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading high-risk prefixes…"</p> }>
            {move || list.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(l) if l.prefixes.is_empty() => view! {
                    <EmptyState title="No high-risk prefixes" message="Import a list of premium-rate, satellite and known fraud ranges: your customers' calls to them are refused unless you allow a customer." />
                }.into_any(),
                Ok(l) => {
                    let total = l.prefixes.len();
                    let rows = l.prefixes.into_iter().take(SHOWN).map(|p| view! {
                        <tr><td>{p.prefix}</td><td>{p.description}</td></tr>
                    }).collect_view();
                    view! {
                        <p>{format!("{total} high-risk prefixes")}{(total > SHOWN).then(|| format!(", the first {SHOWN} below"))}"."
                            " "<button type="button" class="button button-secondary button-small" on:click=export>"Export CSV"</button></p>
                        <div class="table-wrap">
                            <table class="table">
                                <caption class="visually-hidden">"High-risk prefixes"</caption>
                                <thead><tr><th scope="col">"Prefix"</th><th scope="col">"Why"</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            })}
        </Transition>
    }
}
