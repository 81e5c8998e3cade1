//! "Sign in to your console" on the platform's home page: a company's
//! portal address takes the operator to its own sign-in page; an e-mail
//! address is sent the links.

use crate::api;
use crate::components::{FormAlert, FormErrors, TextField};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::error::FieldError;

/// The form; on a portal address it navigates to that portal's sign-in.
#[component]
pub fn ConsoleFinder() -> impl IntoView {
    let address = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let emailed = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        alert.set(None);
        let typed = address.get_untracked().trim().to_owned();
        if typed.is_empty() {
            return errors.set_all(vec![FieldError::new(
                "address",
                "enter your company's portal address or your e-mail address",
            )]);
        }
        busy.set(true);
        spawn_local(async move {
            match api::find_console(&typed).await {
                Ok(found) => match found.login_url {
                    Some(url) => {
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().assign(&url);
                        }
                        // Stays busy while the browser leaves.
                        return;
                    }
                    None => emailed.set(Some(typed)),
                },
                Err(e) => errors.show_server(&e, alert),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card finder" aria-labelledby="finder-heading">
            <h2 id="finder-heading">"Sign in to your console"</h2>
            {move || match emailed.get() {
                Some(to) => view! {
                    <p class="notice notice-ok break-anywhere" role="status">
                        {format!("If {to} signs in to a console, we have e-mailed it the link to each one.")}
                    </p>
                }.into_any(),
                None => view! {
                    <form class="form" on:submit=on_submit novalidate>
                        <FormAlert message=alert />
                        <TextField
                            id="address"
                            label="Your portal's address or your e-mail"
                            value=address
                            errors=errors
                            autocomplete="username"
                            placeholder="acme or you@acme.com"
                            required=true
                        />
                        <button type="submit" class="button" disabled=move || busy.get()>"Continue"</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
