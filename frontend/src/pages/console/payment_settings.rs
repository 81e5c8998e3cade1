//! "Card payments (Stripe)" on `/console/settings`: the seller connects its
//! own Stripe account (or disconnects it); without one, payments are
//! recorded by hand on the customer page.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{FormAlert, FormErrors, TextField, copy_text, day_text, load_error};
use crate::contexts::Session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::payments::{ConnectStripeRequest, PaymentSettingsView};
use ringledger_shared::error::FieldError;

/// The Stripe card.
#[component]
pub fn StripeSection(session: Session) -> impl IntoView {
    let settings: LocalResource<Result<PaymentSettingsView, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::get_payment_settings(&token?).await }
        });
    // The latest answer of a change replaces the loaded settings.
    let current = RwSignal::new(None::<PaymentSettingsView>);
    let note = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let disconnected = move || {
        current.set(None);
        settings.refetch();
    };
    view! {
        <section class="catalog-form" aria-labelledby="stripe-heading">
            <h2 id="stripe-heading">"Card payments (Stripe)"</h2>
            <FormAlert message=alert />
            {move || note.get().map(|m| view! { <p class="form-done" role="status">{m}</p> })}
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading payment settings…"</p> }>
                {move || settings.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(s) => {
                        let s = current.get().unwrap_or(s);
                        if s.configured {
                            connected_view(session, s, note, alert, disconnected)
                        } else {
                            view! {
                                <p>"Card payments are not configured. Customers cannot pay by card; record their payments by hand on the customer page."</p>
                                <ConnectForm session=session grace_days=s.grace_days current=current note=note />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// `test` → `Test`.
fn mode_text(mode: Option<&str>) -> &'static str {
    match mode {
        Some("live") => "Live",
        Some("test") => "Test",
        _ => "—",
    }
}

fn connected_view(
    session: Session,
    s: PaymentSettingsView,
    note: RwSignal<Option<String>>,
    alert: RwSignal<Option<String>>,
    disconnected: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let busy = RwSignal::new(false);
    let copied = RwSignal::new(None::<&'static str>);
    let url = s.webhook_url.clone();
    let copy = move |_| {
        copied.set(Some(if copy_text(&url) {
            "Copied."
        } else {
            "Select the URL and copy it (Ctrl+C / ⌘C)."
        }));
    };
    let disconnect = move |_| {
        let question = "Disconnect Stripe? Customers can no longer pay by card.";
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(question).ok())
            .unwrap_or(false);
        if !ok {
            return;
        }
        let t = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        note.set(None);
        alert.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::disconnect_stripe(&t).await {
                Ok(()) => {
                    note.set(Some(
                        "Stripe disconnected. Card payments are off.".to_owned(),
                    ));
                    disconnected();
                }
                Err(e) => alert.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let connected = match (&s.connected_at, &s.connected_by) {
        (Some(at), Some(by)) => format!("{} by {by}", day_text(at)),
        (Some(at), None) => day_text(at),
        (None, Some(by)) => format!("By {by}"),
        (None, None) => "—".to_owned(),
    };
    view! {
        <dl class="facts">
            <div><dt>"Mode"</dt><dd>{mode_text(s.mode.as_deref())}</dd></div>
            <div><dt>"Secret key"</dt><dd class="mono">{format!("…{}", s.key_hint.clone().unwrap_or_default())}</dd></div>
            <div><dt>"Publishable key"</dt><dd class="mono">{s.publishable_key.clone().unwrap_or_default()}</dd></div>
            <div><dt>"Connected"</dt><dd>{connected}</dd></div>
            <div><dt>"Grace days before suspension"</dt><dd>{s.grace_days}</dd></div>
        </dl>
        <div class="field">
            <label for="stripe-webhook-url">"Webhook URL"</label>
            <input id="stripe-webhook-url" class="mono key-value" type="text" readonly=true
                aria-describedby="stripe-webhook-url-hint"
                prop:value=s.webhook_url.clone()
                on:focus=|ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.select();
                    }
                } />
            <p id="stripe-webhook-url-hint" class="field-hint">"Stripe sends payment events here. It was registered with your Stripe account when you connected it."</p>
        </div>
        <div class="toolbar">
            <button type="button" class="button button-secondary" on:click=copy>"Copy webhook URL"</button>
            <button type="button" class="button button-secondary" disabled=move || busy.get() on:click=disconnect>"Disconnect"</button>
        </div>
        {move || copied.get().map(|m| view! { <p class="field-hint" role="status">{m}</p> })}
    }
    .into_any()
}

/// Reads the grace days typed: empty is the default.
fn parse_grace_days(raw: &str) -> Result<Option<u32>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<u32>()
        .ok()
        .filter(|d| *d <= 90)
        .map(Some)
        .ok_or_else(|| FieldError::new("grace_days", "must be a number of days from 0 to 90"))
}

/// "Connect Stripe": the seller's secret and publishable keys.
#[component]
fn ConnectForm(
    session: Session,
    grace_days: u32,
    current: RwSignal<Option<PaymentSettingsView>>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let secret = RwSignal::new(String::new());
    let publishable = RwSignal::new(String::new());
    let grace = RwSignal::new(grace_days.to_string());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        note.set(None);
        let mut invalid = Vec::new();
        if secret.with_untracked(|s| s.trim().is_empty()) {
            invalid.push(FieldError::new("secret_key", "is required"));
        }
        if publishable.with_untracked(|s| s.trim().is_empty()) {
            invalid.push(FieldError::new("publishable_key", "is required"));
        }
        let grace_days = parse_grace_days(&grace.get_untracked())
            .map_err(|e| invalid.push(e))
            .ok()
            .flatten();
        if !invalid.is_empty() {
            return errors.set_all(invalid);
        }
        let t = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let request = ConnectStripeRequest {
            secret_key: secret.get_untracked().trim().to_owned(),
            publishable_key: publishable.get_untracked().trim().to_owned(),
            grace_days,
        };
        busy.set(true);
        spawn_local(async move {
            match api::connect_stripe(&t, &request).await {
                Ok(s) => {
                    busy.set(false);
                    note.set(Some(
                        "Stripe connected. Customers can now pay by card.".to_owned(),
                    ));
                    // Last: this replaces the form.
                    current.set(Some(s));
                }
                Err(e) => {
                    errors.show_server_unprefixed(&e, form_error);
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=form_error />
            <TextField id="stripe-secret-key" field="secret_key" label="Secret key" value=secret errors=errors
                input_type="password" autocomplete="off" required=true placeholder="sk_live_…"
                hint=|| "From the Stripe dashboard, Developers → API keys. A restricted key (rk_…) works too. It is stored encrypted and never shown again." />
            <TextField id="stripe-publishable-key" field="publishable_key" label="Publishable key" value=publishable errors=errors
                required=true placeholder="pk_live_…" />
            <TextField id="stripe-grace-days" field="grace_days" label="Grace days before suspension" value=grace errors=errors
                input_type="number" inputmode="numeric"
                hint=|| "Days an unpaid invoice may be overdue before the customer's services stop, 0 to 90." />
            <div>
                <button type="submit" class="button" disabled=move || busy.get()>
                    {move || if busy.get() { "Connecting…" } else { "Connect Stripe" }}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::{mode_text, parse_grace_days};

    #[test]
    fn grace_days() {
        assert_eq!(parse_grace_days(" "), Ok(None));
        assert_eq!(parse_grace_days("14"), Ok(Some(14)));
        assert_eq!(parse_grace_days("0"), Ok(Some(0)));
        assert!(parse_grace_days("91").is_err());
        assert!(parse_grace_days("-1").is_err());
        assert!(parse_grace_days("two").is_err());
    }

    #[test]
    fn modes() {
        assert_eq!(mode_text(Some("live")), "Live");
        assert_eq!(mode_text(Some("test")), "Test");
        assert_eq!(mode_text(None), "—");
    }
}
