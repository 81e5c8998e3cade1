//! The language menu of a seller's portal: shown when the seller offers
//! more than one language; a signed-in customer's choice is also saved to
//! its profile, so its e-mails and invoices follow.

use crate::api;
use crate::contexts::{AuthState, t, use_language, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::PrincipalKind;
use ringledger_shared::locale::Locale;

/// A `<select>` of the languages the portal offers, in their own names.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let Some(language) = use_language() else {
        return ().into_any();
    };
    let session = use_session();
    let pick = move |tag: String| {
        let Some(l) = Locale::parse(&tag) else {
            return;
        };
        language.choose(l);
        if session.state() == AuthState::SignedIn(PrincipalKind::Customer)
            && let Some(token) = session.token()
        {
            // The page already reads the new language; the profile is for
            // e-mails and invoices, so a failure here is not shown.
            spawn_local(async move {
                let _ = api::set_my_language(&token, l).await;
            });
        }
    };
    let shown = move || !language.in_console() && language.offered().len() > 1;
    view! {
        <Show when=shown>
            <label class="language-picker">
                <span class="visually-hidden">{t("common-language")}</span>
                <select
                    id="language"
                    prop:value=move || language.get().tag()
                    on:change=move |ev| pick(event_target_value(&ev))
                >
                    {move || {
                        language
                            .offered()
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <option value=l.tag() lang=l.tag() selected=move || language.get() == l>
                                        {l.native_name()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        </Show>
    }
    .into_any()
}
