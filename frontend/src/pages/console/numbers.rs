//! `/console/numbers`: the operator's phone numbers (DIDs) — a CSV import,
//! a search by status, country and digits, the export, and each number's
//! next step (port out, release into quarantine, end a quarantine), and the
//! price of on-net calls (to numbers the customers hold). Numbers are given
//! to a customer's phone on the customer's page.

use super::catalog::token;
use super::csv_import::CsvImport;
use super::on_net::OnNetSection;
use crate::api::{self, ApiError, NumberFilter};
use crate::components::{
    EmptyState, FormAlert, FormErrors, SelectField, TextField, load_error, save_file,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::access::Permission;
use ringledger_shared::api::Page;
use ringledger_shared::api::numbers::{NumberStatus, NumberStatusRequest, PhoneNumberView};
use uuid::Uuid;

/// Numbers a page lists (the export has them all).
const SHOWN: u64 = 200;

const STATUSES: &[(&str, &str)] = &[
    ("", "Any status"),
    ("free", "Free"),
    ("assigned", "Assigned"),
    ("porting_out", "Porting out"),
    ("quarantined", "Quarantined"),
    ("reserved", "Reserved"),
];

/// The page.
#[component]
pub fn NumbersPage() -> impl IntoView {
    let session = use_session();
    let operator = !untrack(move || session.is_reseller());
    let can_import = operator && untrack(move || session.can(Permission::Catalog));
    let can_move = operator && untrack(move || session.can(Permission::ManageCustomers));
    let status = RwSignal::new(String::new());
    let country = RwSignal::new(String::new());
    let digits = RwSignal::new(String::new());
    let filter = RwSignal::new(NumberFilter::default());
    let errors = FormErrors::default();
    let list: LocalResource<Result<Page<PhoneNumberView>, ApiError>> =
        LocalResource::new(move || {
            let filter = filter.get();
            let token = token(session);
            async move { api::list_numbers(&token?, &filter, SHOWN).await }
        });
    Effect::new(move |_| {
        if let Some(Err(e)) = list.get() {
            errors.set_server(&e);
        }
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        filter.set(NumberFilter {
            status: status.get_untracked(),
            country: country.get_untracked(),
            digits: digits.get_untracked(),
            service_id: None,
        });
    };
    let error = RwSignal::new(None::<String>);
    let export = move |_| {
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        let f = filter.get_untracked();
        spawn_local(async move {
            match api::export_numbers(&token, &f).await {
                Ok((name, text)) => {
                    if save_file(&name.unwrap_or_else(|| "numbers.csv".into()), &text).is_none() {
                        error.set(Some("The browser could not save the file.".into()));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <h1>"Phone numbers"</h1>
        <p class="lead">"The numbers you sell with IP phones: free, assigned to a customer's phone, porting out, or in quarantine after release. Give one to a customer on the customer's page."</p>
        {can_import.then(|| view! { <ImportNumbers session=session on_done=move || list.refetch() /> })}
        <FormAlert message=error />
        <form class="search" role="search" aria-label="Find numbers" on:submit=on_search>
            <SelectField id="status" label="Status" value=status errors=errors options=STATUSES />
            <TextField id="numbers-country" field="country" label="Country" value=country errors=errors maxlength=2 />
            <TextField id="numbers-digits" field="digits" label="Digits" value=digits errors=errors input_type="search" inputmode="tel" />
            <button type="submit" class="button">"Search"</button>
            <button type="button" class="button button-secondary" on:click=export>"Export CSV"</button>
        </form>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading numbers…"</p> }>
            {move || list.get().map(|r| match r {
                Err(e) if e.field.is_some() => ().into_any(),
                Err(e) => load_error(&e),
                Ok(page) if page.items.is_empty() && filter.get_untracked() == NumberFilter::default() => view! {
                    <EmptyState title="No phone numbers yet" message="Import your numbers as CSV (number,country,monthly_fee,setup_fee): they come in free, ready for your customers' IP phones." />
                }.into_any(),
                Ok(page) if page.items.is_empty() => view! {
                    <EmptyState title="No numbers match" message="Try another status, country or digits." />
                }.into_any(),
                Ok(page) => numbers_table(session, page, can_move, move || list.refetch()),
            })}
        </Transition>
        <OnNetSection session=session can_edit=can_import operator=operator />
    }
}

/// The CSV import.
#[component]
fn ImportNumbers(
    session: Session,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let send = move |token: String, file: web_sys::File| async move {
        let r = api::import_numbers(&token, file).await?;
        on_done();
        Ok::<_, ApiError>(format!(
            "{} added, {} updated, {} unchanged.",
            r.added, r.updated, r.unchanged
        ))
    };
    view! {
        <section class="catalog-form" aria-labelledby="numbers-import-heading">
            <h2 id="numbers-import-heading">"Import numbers"</h2>
            <p class="muted">"A CSV with the header "<code>"number,country,monthly_fee,setup_fee"</code>": new numbers come in free; a known one takes the file's country and fees."</p>
            <CsvImport session=session label="CSV file of numbers" button="Import numbers"
                missing="Choose the CSV file of numbers first." send=send />
        </section>
    }
}

/// The next steps staff may take with a number in `status`: (label, status, confirm).
fn steps(status: NumberStatus) -> &'static [(&'static str, &'static str, Option<&'static str>)] {
    match status {
        NumberStatus::Assigned => &[
            ("Port out", "porting_out", None),
            (
                "Release",
                "quarantined",
                Some(
                    "Release this number from its phone? It is billed until today and rests in quarantine for 30 days.",
                ),
            ),
        ],
        NumberStatus::PortingOut => &[
            ("Cancel port-out", "assigned", None),
            (
                "Ported away",
                "quarantined",
                Some("Has the number left for the other operator? It is billed until today."),
            ),
        ],
        NumberStatus::Quarantined | NumberStatus::Reserved => &[("Make free", "free", None)],
        NumberStatus::Free => &[],
    }
}

fn numbers_table(
    session: Session,
    page: Page<PhoneNumberView>,
    can_move: bool,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let act = move |id: Uuid, to: &'static str, confirm: Option<&'static str>| {
        if let Some(question) = confirm {
            let ok = web_sys::window()
                .and_then(|w| w.confirm_with_message(question).ok())
                .unwrap_or(false);
            if !ok {
                return;
            }
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        busy.set(true);
        error.set(None);
        let request = NumberStatusRequest {
            status: to.to_owned(),
            service_id: None,
            quarantine_days: None,
        };
        spawn_local(async move {
            match api::set_number_status(&token, id, &request).await {
                Ok(_) => refresh(),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let total = page.total;
    let shown = page.items.len() as u64;
    let rows = page
        .items
        .into_iter()
        .map(|n| {
            let id = n.id;
            let actions = can_move.then(|| {
                steps(n.status)
                    .iter()
                    .map(|(label, to, confirm)| {
                        view! {
                            <button type="button" class="button button-secondary button-small" disabled=move || busy.get()
                                on:click=move |_| act(id, to, *confirm)>{*label}</button>
                        }
                    })
                    .collect_view()
            });
            let until = n
                .quarantined_until
                .map(|u| format!(" until {}", u.format("%Y-%m-%d")));
            view! {
                <tr>
                    <th scope="row">{format!("+{}", n.number)}</th>
                    <td>{n.country.clone()}</td>
                    <td class="num">{n.monthly_fee.to_string()}</td>
                    <td class="num">{n.setup_fee.to_string()}</td>
                    <td><span class="badge">{n.status.label()}</span>{until}</td>
                    <td class="actions">{actions}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <FormAlert message=error />
        <div class="table-wrap">
            <table class="table">
                <caption>{if shown < total { format!("The first {shown} of {total} numbers") } else if total == 1 { "1 number".to_owned() } else { format!("{total} numbers") }}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Country"</th>
                        <th scope="col" class="num">"Monthly fee"</th>
                        <th scope="col" class="num">"Setup fee"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
