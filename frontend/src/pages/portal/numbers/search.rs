//! The search of the free numbers a portal offers (public): "Country",
//! "Digits" and "Find numbers", then each number found with its fees and
//! the caller's button ("Choose" on the sign-up, "Take" on the account).

use super::words;
use crate::api;
use crate::components::{FormAlert, FormErrors, TextField};
use crate::pages::portal::with_plus;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::numbers::OfferedNumber;
use wasm_bindgen::JsCast;

/// A search's state: what is typed, what was found, and its errors.
#[derive(Debug, Clone, Copy)]
pub struct Search {
    country: RwSignal<String>,
    digits: RwSignal<String>,
    /// The numbers found (none before the first search).
    found: RwSignal<Option<Vec<OfferedNumber>>>,
    loading: RwSignal<bool>,
    errors: FormErrors,
    /// An error of the search, or of what was done with a number found.
    alert: RwSignal<Option<String>>,
}

impl Search {
    /// An empty search.
    pub fn new() -> Self {
        Self {
            country: RwSignal::new(String::new()),
            digits: RwSignal::new(String::new()),
            found: RwSignal::new(None),
            loading: RwSignal::new(false),
            errors: FormErrors::default(),
            alert: RwSignal::new(None),
        }
    }

    /// Asks for the free numbers matching what is typed (again).
    pub fn run(self) {
        if self.loading.get_untracked() {
            return;
        }
        self.errors.clear();
        self.alert.set(None);
        let country = self.country.get_untracked().trim().to_ascii_uppercase();
        if !country.is_empty()
            && (country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return self
                .errors
                .set_pairs(vec![("country".to_owned(), words::country_invalid())]);
        }
        let digits: String = self
            .digits
            .get_untracked()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        self.loading.set(true);
        spawn_local(async move {
            match api::offered_numbers(&country, &digits).await {
                Ok(list) => self.found.set(Some(list)),
                Err(e) => {
                    self.found.set(None);
                    self.errors.show_server_unprefixed(&e, self.alert);
                }
            }
            self.loading.set(false);
        });
    }

    /// The number picked went to someone else: says so and searches again.
    pub fn taken(self) {
        self.run();
        self.alert.set(Some(words::taken()));
    }

    /// Shows an error of what was done with a number found.
    pub fn fail(self, message: String) {
        self.alert.set(Some(message));
    }

    /// Forgets the numbers found and any error (a number was picked).
    pub fn done(self) {
        self.found.set(None);
        self.alert.set(None);
    }
}

/// The button of a number found: its text and accessible name, given the
/// number as shown (`+442071234567`).
pub type PickLabel = fn(&str) -> (String, String);

/// The search's inputs and button, then the numbers found. `nested`: it
/// sits inside another form (the sign-up), so it is no form of its own and
/// Enter in its inputs searches instead of sending that form.
#[component]
pub fn NumberSearch(
    /// Prefix of the inputs' ids, unique on the page.
    #[prop(into)]
    id: String,
    /// Its state.
    search: Search,
    /// The currency of the fees.
    #[prop(into)]
    currency: String,
    /// The button of each number found.
    pick_label: PickLabel,
    /// Called with the number picked.
    on_pick: Callback<OfferedNumber>,
    /// While a pick is under way (the buttons wait).
    #[prop(into)]
    busy: Signal<bool>,
    /// Inside another form.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let fields = view! {
        <TextField id=format!("{id}-country") field="country" label=words::country() value=search.country
            errors=search.errors maxlength=2 placeholder="GB" />
        <TextField id=format!("{id}-digits") field="digits" label=words::digits() value=search.digits
            errors=search.errors input_type="search" inputmode="tel" placeholder="207" />
    };
    let button_type = if nested { "button" } else { "submit" };
    let button = view! {
        <div>
            <button
                type=button_type
                class="button button-secondary"
                disabled=move || search.loading.get()
                on:click=move |_| if nested { search.run() }
            >
                {words::find()}
            </button>
        </div>
    };
    let inputs = if nested {
        // Enter in an input searches (a button keeps its own Enter).
        let on_keydown = move |ev: KeyboardEvent| {
            let in_input = ev
                .target()
                .is_some_and(|t| t.dyn_into::<web_sys::HtmlInputElement>().is_ok());
            if ev.key() == "Enter" && in_input {
                ev.prevent_default();
                search.run();
            }
        };
        view! { <div class="inline-form" on:keydown=on_keydown>{fields}{button}</div> }.into_any()
    } else {
        let on_submit = move |ev: SubmitEvent| {
            ev.prevent_default();
            search.run();
        };
        view! { <form class="inline-form" on:submit=on_submit novalidate>{fields}{button}</form> }
            .into_any()
    };
    view! {
        {inputs}
        <FormAlert message=search.alert />
        {move || search.loading.get().then(|| view! { <p class="loading" role="status">{words::finding()}</p> })}
        {move || search.found.get().map(|list| found_view(list, &currency, pick_label, on_pick, busy))}
    }
}

/// The numbers found, each with its fees and button, or the empty state.
fn found_view(
    list: Vec<OfferedNumber>,
    currency: &str,
    pick_label: PickLabel,
    on_pick: Callback<OfferedNumber>,
    busy: Signal<bool>,
) -> AnyView {
    if list.is_empty() {
        return view! { <p class="muted" role="status">{words::none_match()}</p> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|n| {
            let shown = with_plus(&n.number);
            let (text, name) = pick_label(&shown);
            let fees = words::fees(&n, currency);
            view! {
                <li>
                    <span class="mono">{shown}</span>
                    " — " {fees} " "
                    <button
                        type="button"
                        class="button button-small"
                        aria-label=name
                        disabled=move || busy.get()
                        on:click=move |_| on_pick.run(n.clone())
                    >
                        {text}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain anis">{rows}</ul> }.into_any()
}
