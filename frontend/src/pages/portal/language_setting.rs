//! "Language" on `/account`: the language of the customer's pages, e-mails
//! and invoices, saved to its profile. Shown when the portal offers more
//! than one.

use super::signed_out;
use crate::api;
use crate::contexts::{t, use_language, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::locale::Locale;
use std::cell::RefCell;

/// How saving the last choice went.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Saved,
    Failed(String),
}

thread_local! {
    /// The status of a choice just saved: a change of language draws the
    /// site again, so the new page picks it up here (once).
    static LAST: RefCell<Option<Status>> = const { RefCell::new(None) };
}

/// The "Language" section of the account page.
#[component]
pub fn LanguageSetting() -> impl IntoView {
    let Some(language) = use_language() else {
        return ().into_any();
    };
    let offered = untrack(move || language.offered());
    if offered.len() <= 1 {
        return ().into_any();
    }
    let session = use_session();
    let status = RwSignal::new(LAST.with(|l| l.borrow_mut().take()));
    let busy = RwSignal::new(false);
    let pick = move |tag: String| {
        let Some(l) = Locale::parse(&tag) else {
            return;
        };
        let Some(token) = session.token() else {
            return status.set(Some(Status::Failed(signed_out().message)));
        };
        status.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = match api::set_my_language(&token, l).await {
                Ok(_) => Status::Saved,
                Err(e) => Status::Failed(e.message),
            };
            busy.set(false);
            if language.get_untracked() == l {
                status.set(Some(result));
            } else {
                // Choosing draws the page again, in the new language.
                LAST.with(|s| *s.borrow_mut() = Some(result));
                language.choose(l);
            }
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="language-heading">
            <h2 id="language-heading">{t("common-language")}</h2>
            <div class="field">
                <select
                    id="account-language"
                    aria-labelledby="language-heading"
                    aria-describedby="account-language-hint"
                    disabled=move || busy.get()
                    on:change=move |ev| pick(event_target_value(&ev))
                >
                    {offered
                        .into_iter()
                        .map(|l| {
                            view! {
                                <option value=l.tag() lang=l.tag() selected=language.get_untracked() == l>
                                    {l.native_name()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p id="account-language-hint" class="field-hint">{t("account-language-note")}</p>
            </div>
            {move || status.get().map(|s| match s {
                Status::Saved => view! { <p class="form-done" role="status">{t("account-language-saved")}</p> }.into_any(),
                Status::Failed(m) => view! { <p class="form-alert" role="alert">{m}</p> }.into_any(),
            })}
        </section>
    }
    .into_any()
}
