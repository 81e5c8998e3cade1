//! The console's reminder that the login's e-mail is not verified yet, with
//! "send the link again".

use crate::api;
use crate::contexts::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Shown until the staff member follows the e-mailed link: the console
/// cannot take payments or create resellers before.
#[component]
pub fn VerifyEmailNotice() -> impl IntoView {
    let session = use_session();
    let status = RwSignal::new(None::<Result<(), String>>);
    let unverified = move || session.me().is_some_and(|m| !m.email_verified);
    let resend = move |_| {
        let Some(token) = session.token() else {
            return;
        };
        spawn_local(async move {
            let sent = api::resend_verification(&token)
                .await
                .map_err(|e| e.message);
            status.set(Some(sent));
        });
    };
    move || {
        unverified().then(|| {
            let email = session.me().map(|m| m.email).unwrap_or_default();
            view! {
                <div class="notice notice-warning" role="status">
                    <strong>"Confirm your e-mail address."</strong>
                    " We sent a link to " <strong>{email}</strong>
                    ". Until you follow it, the console cannot take card payments or create resellers. "
                    <button type="button" class="button button-secondary button-small" on:click=resend>"Send the link again"</button>
                    {move || status.get().map(|r| match r {
                        Ok(()) => view! { <span class="muted">" Sent."</span> }.into_any(),
                        Err(m) => view! { <span class="form-alert">" " {m}</span> }.into_any(),
                    })}
                </div>
            }
        })
    }
}
