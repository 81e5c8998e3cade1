//! The brand page's languages: which the seller's portal offers, and which
//! is its default (what a visitor sees when the browser asks for none of
//! them, and what customers' e-mails and invoices use until they choose).

use crate::components::FormErrors;
use leptos::prelude::*;
use ringledger_shared::locale::Locale;

/// Checkboxes for the offered languages and a select for the default (the
/// first of `languages`).
#[component]
pub fn LanguagesField(languages: RwSignal<Vec<Locale>>, errors: FormErrors) -> impl IntoView {
    let toggle = move |l: Locale, on: bool| {
        languages.update(|list| {
            if on && !list.contains(&l) {
                list.push(l);
            } else if !on && list.len() > 1 {
                list.retain(|x| *x != l);
            }
        });
    };
    let set_default = move |tag: String| {
        if let Some(l) = Locale::parse(&tag) {
            languages.update(|list| {
                list.retain(|x| *x != l);
                list.insert(0, l);
            });
        }
    };
    let boxes = Locale::ALL
        .into_iter()
        .map(|l| {
            let id = format!("language-{}", l.tag());
            let for_id = id.clone();
            view! {
                <label class="checkbox" for=for_id>
                    <input
                        type="checkbox"
                        id=id
                        prop:checked=move || languages.with(|list| list.contains(&l))
                        // The last language offered cannot be taken away.
                        disabled=move || languages.with(|list| list.len() == 1 && list.contains(&l))
                        on:change=move |ev| toggle(l, event_target_checked(&ev))
                    />
                    {l.native_name()}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field" aria-describedby="languages-hint">
            <legend>"Languages of your portal"</legend>
            <div class="checkbox-row">{boxes}</div>
            <label for="default_language">"Default language"</label>
            <select
                id="default_language"
                prop:value=move || languages.with(|l| l.first().map(|l| l.tag()).unwrap_or("en"))
                on:change=move |ev| set_default(event_target_value(&ev))
            >
                {move || {
                    languages
                        .get()
                        .into_iter()
                        .map(|l| view! { <option value=l.tag()>{l.native_name()}</option> })
                        .collect_view()
                }}
            </select>
            <p id="languages-hint" class="hint">
                "Visitors see your portal in their browser's language when you offer it, else in the default. Customers can switch, and their e-mails and invoices follow their choice."
            </p>
            {move || errors.get("languages").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </fieldset>
    }
}
