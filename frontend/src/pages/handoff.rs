//! `/auth/handoff#rt=…`: the first page of a new portal after sign-up on the
//! platform site. The refresh token travels in the URL fragment (never sent
//! to a server, removed from the address bar at once) and is exchanged here
//! for a session, which also sets this portal's `rl_refresh` cookie.

use crate::api;
use crate::components::capitalised;
use crate::contexts::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use web_sys::js_sys::decode_uri_component;

/// Reads `rt` from the fragment and removes the fragment from the address bar.
fn take_refresh_token() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    if let (Ok(history), Ok(path)) = (window.history(), location.pathname()) {
        let search = location.search().unwrap_or_default();
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("rt="))
        .filter(|rt| !rt.is_empty())
        .and_then(|rt| decode_uri_component(rt).ok())
        .map(String::from)
}

/// Exchanges the hand-off token for a session, then opens the console.
#[component]
pub fn Handoff() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<String>);
    match take_refresh_token() {
        None => failure.set(Some("This sign-in link is incomplete.".to_owned())),
        Some(rt) => spawn_local(async move {
            match api::refresh(Some(rt)).await {
                Ok(s) => {
                    session.set(s);
                    navigate(
                        "/console",
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
                Err(e) => failure.set(Some(e.message)),
            }
        }),
    }
    view! {
        <section class="page narrow center">
            {move || match failure.get() {
                None => view! { <p class="loading" role="status">"Opening your console…"</p> }.into_any(),
                Some(message) => {
                    view! {
                        <h1>"We could not sign you in"</h1>
                        <p role="alert">{capitalised(&message)}</p>
                        <p>
                            "Your account is ready: sign in with the email and password you chose."
                        </p>
                        <A href="/login" attr:class="button">
                            "Go to sign-in"
                        </A>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
