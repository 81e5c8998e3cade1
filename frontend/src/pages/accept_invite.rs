//! `/accept-invite?token=…`: the link of a team invitation. The invitee
//! chooses a password here, on the seller's own portal, is signed in and
//! lands in the console.

use crate::api;
use crate::components::{FormAlert, FormErrors, TextField};
use crate::contexts::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use ringledger_shared::api::LoginRequest;
use ringledger_shared::api::team::AcceptInvitationRequest;

/// The password form.
#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let session = use_session();
    let navigate = use_navigate();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        alert.set(None);
        let request = AcceptInvitationRequest {
            token: token.clone(),
            password: password.get_untracked(),
        };
        if let Err(e) = request.password() {
            return errors.set_all(vec![e]);
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let joined = match api::accept_invitation(&request).await {
                Ok(j) => j,
                Err(e) => {
                    errors.show_server(&e, alert);
                    busy.set(false);
                    return;
                }
            };
            let login = LoginRequest {
                email: joined.email,
                password: request.password,
                code: None,
            };
            match api::login(&login).await {
                Ok(s) => {
                    session.set(s);
                    navigate("/console", NavigateOptions::default());
                }
                Err(e) => alert.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page narrow">
            <div class="card">
                <h1>"Join the team"</h1>
                <p class="muted">"Choose the password you will sign in with (at least 8 characters)."</p>
                <form class="form" on:submit=on_submit novalidate>
                    <FormAlert message=alert />
                    <TextField id="password" label="Password" input_type="password" autocomplete="new-password" value=password errors=errors required=true />
                    <button type="submit" class="button button-wide" disabled=move || busy.get()>"Join and open the console"</button>
                </form>
            </div>
        </section>
    }
}
