//! Copy buttons, and the sample requests a switch sends (with one).

use super::browser::copy_text;
use crate::contexts::t;
use leptos::prelude::*;

/// A "Copy" button for `text`; says "Copied" for a moment once it has, or
/// asks to select and copy by hand where the browser has no clipboard.
#[component]
pub fn CopyButton(
    /// What is copied.
    #[prop(into)]
    text: Signal<String>,
    /// The button's accessible name, e.g. "Copy the key".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    let on_click = move |_| {
        let done = copy_text(&text.get_untracked());
        said.set(Some(t(if done {
            "common-copied"
        } else {
            "common-copy-by-hand"
        })));
        // The button may be gone by then (another page, another language).
        set_timeout(
            move || {
                said.try_set(None);
            },
            std::time::Duration::from_millis(2500),
        );
    };
    let copy = t("common-copy");
    view! {
        <button type="button" class="button button-secondary button-small copy" aria-label=label on:click=on_click>
            {move || said.get().unwrap_or_else(|| copy.clone())}
        </button>
        <span class="visually-hidden" role="status">{move || said.get().unwrap_or_default()}</span>
    }
}

/// `curl` for `POST /api/v1/authorize` on `base` with `key`.
pub fn authorize_curl(base: &str, key: &str) -> String {
    format!(
        "curl -s {base}/api/v1/authorize \\\n  -H 'Authorization: Bearer {key}' \\\n  \
         -H 'Content-Type: application/json' \\\n  \
         -d '{{\"service\":\"sip\",\"sip_username\":\"alice\",\"destination\":\"+447700900123\",\"call_id\":\"test-1\"}}'"
    )
}

/// `curl` for `POST /api/v1/cdrs` on `base` with `key`.
pub fn cdrs_curl(base: &str, key: &str) -> String {
    format!(
        "curl -s {base}/api/v1/cdrs \\\n  -H 'Authorization: Bearer {key}' \\\n  \
         -H 'Content-Type: application/json' \\\n  \
         -d '[{{\"call_id\":\"test-1\",\"service\":\"sip\",\"sip_username\":\"alice\",\
         \"destination\":\"+447700900123\",\"start_time\":\"2026-01-05T10:00:00Z\",\"duration_secs\":65}}]'"
    )
}

/// Two sample requests of a switch (authorize a call, then send its CDR),
/// each with a copy button. `key` is the switch key, or a placeholder.
#[component]
pub fn SwitchSamples(
    /// The portal's address (`https://acme.example.com`).
    #[prop(into)]
    base: String,
    /// The key to show in the samples.
    #[prop(into)]
    key: String,
) -> impl IntoView {
    let authorize = authorize_curl(&base, &key);
    let cdrs = cdrs_curl(&base, &key);
    view! {
        <div class="samples">
            <p class="sample-head"><strong>"Authorize a call"</strong>
                <CopyButton text=authorize.clone() label="Copy the authorize request" /></p>
            <pre class="code">{authorize}</pre>
            <p class="sample-head"><strong>"Send its call record"</strong>
                <CopyButton text=cdrs.clone() label="Copy the CDR request" /></p>
            <pre class="code">{cdrs}</pre>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{authorize_curl, cdrs_curl};
    use ringledger_shared::api::calls::{AuthorizeRequest, CdrRecord};

    #[test]
    fn samples_carry_the_address_and_the_key() {
        let a = authorize_curl("https://acme.test", "rlk_x");
        assert!(a.contains("https://acme.test/api/v1/authorize"));
        assert!(a.contains("Bearer rlk_x"));
        let json = a
            .split("-d '")
            .nth(1)
            .unwrap_or_default()
            .trim_end_matches('\'');
        let parsed = serde_json::from_str::<AuthorizeRequest>(json);
        assert!(parsed.is_ok(), "{json}");
        let c = cdrs_curl("https://acme.test", "rlk_x");
        let json = c
            .split("-d '")
            .nth(1)
            .unwrap_or_default()
            .trim_end_matches('\'');
        let parsed = serde_json::from_str::<Vec<CdrRecord>>(json);
        assert!(parsed.is_ok(), "{json}");
    }
}
