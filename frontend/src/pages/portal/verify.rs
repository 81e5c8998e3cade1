//! `/verify-email?token=…`: the link of the verification e-mail (a
//! customer's, or with `for=staff` a console login's).

use crate::api;
use crate::components::capitalised;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// Posts the token once, then offers to sign in.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let staff = query.with_untracked(|q| q.get("for").as_deref() == Some("staff"));
    let (next, next_label) = if staff {
        ("/console", "Open the console")
    } else {
        ("/account/login", "Sign in")
    };
    let result = LocalResource::new(move || {
        let token = token.clone();
        async move {
            if token.trim().is_empty() {
                Err("This link has no token. Open the link from the e-mail again.".to_owned())
            } else if staff {
                api::verify_staff_email(&token).await.map_err(|e| e.message)
            } else {
                api::verify_email(&token).await.map_err(|e| e.message)
            }
        }
    });
    view! {
        <section class="page narrow">
            <div class="card">
                <h1>"Confirm your e-mail"</h1>
                <Suspense fallback=|| view! { <p class="loading" role="status">"Confirming your address…"</p> }>
                    {move || result.get().map(|r| match r {
                        Ok(()) => view! {
                            <p class="notice notice-ok" role="status">"Your e-mail address is confirmed. Thank you!"</p>
                            // A full load (rel=external: the router leaves it alone): the
                            // session is read again, the e-mail now confirmed.
                            <a href=next rel="external" class="button button-wide">{next_label}</a>
                        }.into_any(),
                        Err(m) => view! {
                            <p class="form-alert" role="alert">{capitalised(&m)}</p>
                            <p>"The link may have expired or been used already. "
                                <A href=next>{next_label}</A> " if your address is confirmed."</p>
                        }.into_any(),
                    })}
                </Suspense>
            </div>
        </section>
    }
}
