//! The phone numbers of a customer's IP phone (SIP, video) on `/account`:
//! each with "Give back", and "Add a phone number" — a search of the free
//! numbers, each with "Take" (its setup fee is charged, its monthly fee
//! billed from today).

use super::search::{NumberSearch, Search};
use super::words;
use crate::api;
use crate::components::{FormAlert, confirm};
use crate::contexts::{t, use_session};
use crate::pages::portal::{signed_out, with_plus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::numbers::{HeldNumber, NumberPick, NumberStatus, OfferedNumber};
use uuid::Uuid;

/// The numbers of one SIP or video service, with "Give back" and "Add a
/// phone number". `reload` reloads the account after a change.
#[component]
pub fn PhoneNumbersEditor(
    /// The service.
    service_id: Uuid,
    /// The numbers it holds.
    numbers: Vec<HeldNumber>,
    /// The account's currency (the fees').
    #[prop(into)]
    currency: String,
    /// Reloads the account.
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let search = Search::new();
    let give_back = move |n: HeldNumber| {
        if busy.get_untracked() || !confirm(&words::give_back_confirm(&with_plus(&n.number))) {
            return;
        }
        let Some(token) = session.token() else {
            return alert.set(Some(signed_out().message));
        };
        alert.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::give_back_my_number(&token, service_id, n.id).await {
                Ok(()) => {
                    busy.set(false);
                    reload.run(());
                }
                Err(e) => {
                    alert.set(Some(e.message));
                    busy.set(false);
                }
            }
        });
    };
    let take = Callback::new(move |n: OfferedNumber| {
        if busy.get_untracked() {
            return;
        }
        let Some(token) = session.token() else {
            return search.fail(signed_out().message);
        };
        let pick = NumberPick {
            id: n.id,
            reservation: None,
        };
        busy.set(true);
        spawn_local(async move {
            match api::take_my_number(&token, service_id, &pick).await {
                Ok(_) => {
                    search.done();
                    busy.set(false);
                    reload.run(());
                }
                Err(e) => {
                    // 409: taken meanwhile; 404: no longer offered.
                    if matches!(e.status, 404 | 409) {
                        search.taken();
                    } else {
                        search.fail(e.message);
                    }
                    busy.set(false);
                }
            }
        });
    });
    let list_id = format!("phone-numbers-{service_id}");
    let list = if numbers.is_empty() {
        view! { <p class="muted">{words::no_numbers()}</p> }.into_any()
    } else {
        let rows = numbers
            .into_iter()
            .map(|n| held_row(n, busy, give_back))
            .collect_view();
        view! { <ul class="plain" aria-labelledby=list_id.clone()>{rows}</ul> }.into_any()
    };
    view! {
        <div class="numbers-editor">
            <p class="numbers-label" id=list_id.clone()>{t("account-phone-numbers")}</p>
            {list}
            <FormAlert message=alert />
            <p class="numbers-label">{words::add_heading()}</p>
            <NumberSearch
                id=format!("take-number-{service_id}")
                search=search
                currency=currency
                pick_label=|shown| (words::take_number(shown), words::take_number(shown))
                on_pick=take
                busy=busy
            />
        </div>
    }
}

/// One number held: `+442071234567`, and "Give back" — or "porting out"
/// while it leaves.
fn held_row(
    n: HeldNumber,
    busy: RwSignal<bool>,
    give_back: impl Fn(HeldNumber) + Copy + 'static,
) -> impl IntoView {
    let shown = with_plus(&n.number);
    let porting = (n.status == NumberStatus::PortingOut)
        .then(|| view! { " " <span class="badge badge-warn">{words::porting_out()}</span> });
    // A number porting away is the operator's to finish: no "Give back".
    let button = (n.status == NumberStatus::Assigned).then(|| {
        let name = words::give_back_number(&shown);
        view! {
            <button
                type="button"
                class="button button-secondary button-small"
                aria-label=name
                disabled=move || busy.get()
                on:click=move |_| give_back(n.clone())
            >
                {words::give_back()}
            </button>
        }
    });
    view! {
        <li class="ani-row">
            <span class="mono">{shown}</span>
            {porting}
            {button}
        </li>
    }
}
