//! "Phone number" of a SIP or video service on the sign-up form: a search
//! of the free numbers; the one chosen is reserved for the visitor (for
//! [`RESERVATION_MINUTES`](ringledger_shared::api::numbers::RESERVATION_MINUTES))
//! and the sign-up takes it with the reservation's secret.

use crate::api;
use crate::components::{FormErrors, capitalised};
use crate::contexts::t;
use crate::pages::portal::numbers::{NumberSearch, Search, words};
use crate::pages::portal::with_plus;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::numbers::{NumberPick, NumberReservation, OfferedNumber};

/// The number a service row holds for the sign-up, if any.
pub(super) type Held = RwSignal<Option<NumberReservation>>;

/// What the sign-up request carries for a row holding `held`.
pub(super) fn picks(held: Held) -> Vec<NumberPick> {
    held.with_untracked(|h| {
        h.iter()
            .map(|r| NumberPick {
                id: r.number.id,
                reservation: Some(r.reservation.clone()),
            })
            .collect()
    })
}

/// The form's field of a row's number errors (`services[i].numbers[0]`).
pub(super) fn number_field(key: u32) -> String {
    format!("svc-{key}-number")
}

/// The section of service row `key`: the number held for the visitor with
/// "Remove", or the search; the server's error about it beneath.
pub(super) fn number_section(
    key: u32,
    held: Held,
    errors: FormErrors,
    currency: String,
) -> impl IntoView {
    let search = Search::new();
    let busy = RwSignal::new(false);
    let choose = Callback::new(move |n: OfferedNumber| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::reserve_number(n.id).await {
                Ok(r) => {
                    search.done();
                    // The row may be gone meanwhile.
                    if held.try_set(Some(r)).is_none() {
                        errors.clear_field(&number_field(key));
                    }
                }
                Err(e) if e.status == 404 => search.taken(),
                Err(e) => search.fail(e.message),
            }
            busy.set(false);
        });
    });
    let currency = StoredValue::new(currency);
    view! {
        <fieldset class="checkboxes anis">
            <legend>{t("portal-phone-number")}</legend>
            {move || match held.get() {
                Some(r) => currency.with_value(|c| held_view(&r, c, key, held, errors)),
                None => view! {
                    <p class="field-hint">{words::signup_hint()}</p>
                    <NumberSearch
                        id=number_field(key)
                        search=search
                        currency=currency.get_value()
                        pick_label=|shown| (words::choose(), words::choose_number(shown))
                        on_pick=choose
                        busy=busy
                        nested=true
                    />
                }
                .into_any(),
            }}
            {move || errors.get(&number_field(key)).map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
        </fieldset>
    }
}

/// The number held for the visitor, its fees, and "Remove" (which only
/// drops it from the form; the reservation lapses by itself).
fn held_view(
    r: &NumberReservation,
    currency: &str,
    key: u32,
    held: Held,
    errors: FormErrors,
) -> AnyView {
    let shown = with_plus(&r.number.number);
    view! {
        <div class="ani-row">
            <p role="status">
                <strong>{words::held_for_you(&shown)}</strong>
                <br />
                <span class="muted">{words::fees(&r.number, currency)}</span>
            </p>
            <button
                type="button"
                class="button button-secondary button-small"
                aria-label=words::remove_number(&shown)
                on:click=move |_| {
                    errors.clear_field(&number_field(key));
                    held.set(None);
                }
            >
                {t("portal-remove")}
            </button>
        </div>
    }
    .into_any()
}
