//! "Phone numbers" on a customer's page: the numbers its IP phones (SIP,
//! video) hold, and a search of the free inventory to give one more (its
//! setup fee goes on the next invoice, its monthly fee from today).

use crate::api::{self, ApiError, NumberFilter};
use crate::components::{FormAlert, FormErrors, TextField};
use crate::contexts::Session;
use crate::pages::console::catalog::token;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::numbers::{NumberStatusRequest, PhoneNumberView};
use uuid::Uuid;

/// Free numbers a search shows.
const FOUND: u64 = 10;

/// The section. `phones`: the customer's SIP and video services (id, label).
#[component]
pub fn CustomerNumbers(
    session: Session,
    phones: Vec<(Uuid, String)>,
    can_edit: bool,
) -> impl IntoView {
    let phones = StoredValue::new(phones);
    let held: LocalResource<Result<Vec<(String, PhoneNumberView)>, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move {
                let token = token?;
                let mut out = Vec::new();
                for (id, label) in phones.get_value() {
                    let f = NumberFilter {
                        service_id: Some(id),
                        ..NumberFilter::default()
                    };
                    for n in api::list_numbers(&token, &f, 100).await?.items {
                        out.push((label.clone(), n));
                    }
                }
                Ok(out)
            }
        });
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let change = move |id: Uuid, status: &'static str, service: Option<Uuid>| {
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        busy.set(true);
        error.set(None);
        let request = NumberStatusRequest {
            status: status.to_owned(),
            service_id: service,
            quarantine_days: None,
        };
        spawn_local(async move {
            match api::set_number_status(&token, id, &request).await {
                Ok(_) => held.refetch(),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="numbers-heading">
            <h2 id="numbers-heading">"Phone numbers"</h2>
            <FormAlert message=error />
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading numbers…"</p> }>
                {move || held.get().map(|r| match r {
                    Err(e) => view! { <p class="form-alert" role="alert">{e.message}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">"Its phones have no number yet."</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="plain">
                            {list.into_iter().map(|(label, n)| {
                                let id = n.id;
                                view! {
                                    <li>
                                        <strong>{format!("+{}", n.number)}</strong>
                                        {format!(" — {label}, {} a month ", n.monthly_fee)}
                                        {can_edit.then(|| view! {
                                            <button type="button" class="button button-secondary button-small" disabled=move || busy.get()
                                                on:click=move |_| change(id, "quarantined", None)>{format!("Release +{}", n.number)}</button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            {can_edit.then(|| view! { <FindNumber session=session phones=phones.get_value() on_pick=move |id, service| change(id, "assigned", Some(service)) /> })}
        </section>
    }
}

/// The search of free numbers, each with a button giving it to the chosen phone.
#[component]
fn FindNumber(
    session: Session,
    phones: Vec<(Uuid, String)>,
    on_pick: impl Fn(Uuid, Uuid) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let phone = RwSignal::new(phones.first().map(|p| p.0.to_string()).unwrap_or_default());
    let choices = phones
        .into_iter()
        .map(|(id, label)| view! { <option value=id.to_string()>{label}</option> })
        .collect_view();
    let country = RwSignal::new(String::new());
    let digits = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let found = RwSignal::new(None::<Result<Vec<PhoneNumberView>, ApiError>>);
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return found.set(Some(Err(e))),
        };
        let f = NumberFilter {
            status: "free".into(),
            country: country.get_untracked(),
            digits: digits.get_untracked(),
            service_id: None,
        };
        spawn_local(async move {
            let r = api::list_numbers(&token, &f, FOUND).await.map(|p| p.items);
            if let Err(e) = &r {
                errors.set_server(e);
            }
            found.set(Some(r));
        });
    };
    view! {
        <form class="search" role="search" aria-label="Find a free number" on:submit=on_search>
            <div class="field">
                <label for="number-phone">"For the phone"</label>
                <select id="number-phone" on:change=move |ev| phone.set(event_target_value(&ev))>{choices}</select>
            </div>
            <TextField id="number-country" field="country" label="Country" value=country errors=errors maxlength=2 />
            <TextField id="number-digits" field="digits" label="Digits" value=digits errors=errors input_type="search" inputmode="tel" />
            <button type="submit" class="button">"Find free numbers"</button>
        </form>
        {move || found.get().map(|r| match r {
            Err(e) if e.field.is_some() => ().into_any(),
            Err(e) => view! { <p class="form-alert" role="alert">{e.message}</p> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p class="muted">"No free number matches."</p> }.into_any(),
            Ok(list) => view! {
                <ul class="plain">
                    {list.into_iter().map(|n| {
                        let id = n.id;
                        let text = format!(" {}, {} a month, {} to set up ", n.country, n.monthly_fee, n.setup_fee);
                        view! {
                            <li>
                                <strong>{format!("+{}", n.number)}</strong>{text}
                                <button type="button" class="button button-small"
                                    on:click=move |_| {
                                        if let Ok(service) = Uuid::parse_str(&phone.get_untracked()) {
                                            found.set(None);
                                            on_pick(id, service);
                                        }
                                    }>{format!("Assign +{}", n.number)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        })}
    }
}
