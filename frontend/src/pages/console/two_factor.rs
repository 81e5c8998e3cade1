//! "Two-factor sign-in" on the member's login page: enrol an authenticator
//! app (QR code, then a code), see the recovery codes once, turn it off.

use crate::api;
use crate::components::{FormAlert, FormErrors, TextField};
use crate::contexts::Session;
use crate::pages::console::catalog::token;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::team::TwoFactorSetupView;

/// The section; `admin` for a platform admin (who cannot turn it off);
/// `on_enabled` runs once enrolment is confirmed.
#[component]
pub fn TwoFactorSection(
    session: Session,
    #[prop(optional)] admin: bool,
    #[prop(optional)] on_enabled: Option<Callback<()>>,
) -> impl IntoView {
    let on = RwSignal::new(untrack(move || session.me().is_some_and(|m| m.two_factor)));
    let setup = RwSignal::new(None::<TwoFactorSetupView>);
    let codes = RwSignal::new(Vec::<String>::new());
    let code = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let start = move |_| {
        alert.set(None);
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        spawn_local(async move {
            match api::setup_two_factor(&token, admin).await {
                Ok(s) => setup.set(Some(s)),
                Err(e) => alert.set(Some(e.message)),
            }
        });
    };
    let confirm = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        alert.set(None);
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        let typed = code.get_untracked();
        spawn_local(async move {
            match api::confirm_two_factor(&token, &typed, admin).await {
                Ok(r) => {
                    codes.set(r.codes);
                    setup.set(None);
                    code.set(String::new());
                    on.set(true);
                    if let Some(cb) = on_enabled {
                        cb.run(());
                    }
                }
                Err(e) => errors.show_server(&e, alert),
            }
        });
    };
    let disable = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        alert.set(None);
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        let typed = code.get_untracked();
        spawn_local(async move {
            match api::disable_two_factor(&token, &typed).await {
                Ok(()) => {
                    on.set(false);
                    codes.set(Vec::new());
                    code.set(String::new());
                }
                Err(e) => errors.show_server(&e, alert),
            }
        });
    };
    view! {
        <section aria-labelledby="tfa-heading">
            <h2 id="tfa-heading">"Two-factor sign-in"</h2>
            <FormAlert message=alert />
            {move || (!codes.get().is_empty()).then(|| view! {
                <div class="notice notice-ok" role="status">
                    <p><strong>"Two-factor sign-in is on."</strong>" Keep these recovery codes somewhere safe: each signs you in once without your phone. They are shown only now."</p>
                    <ul class="mono recovery-codes">{codes.get().into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                </div>
            })}
            {move || match (on.get(), setup.get()) {
                (true, _) if admin => view! {
                    <p>"On: every sign-in asks for a code of your authenticator app."</p>
                }
                .into_any(),
                (true, _) => view! {
                    <p>"On: every sign-in asks for a code of your authenticator app."</p>
                    <form class="form" on:submit=disable novalidate aria-label="Turn off two-factor sign-in">
                        <TextField id="code" label="A current code (or a recovery code) to turn it off" value=code errors=errors autocomplete="one-time-code" />
                        <div><button type="submit" class="button button-secondary">"Turn off"</button></div>
                    </form>
                }.into_any(),
                (false, None) => view! {
                    <p>"Off. With it on, a stolen password is not enough to sign in."</p>
                    <button type="button" class="button" on:click=start>"Set up an authenticator app"</button>
                }.into_any(),
                (false, Some(s)) => view! {
                    <p>"Scan this code with your authenticator app (Google Authenticator, 1Password, Aegis…), then enter the six digits it shows."</p>
                    <div class="qr" role="img" aria-label="QR code for your authenticator app" inner_html=s.qr_svg.clone()></div>
                    <p>"Cannot scan? Type this key: " <code class="mono" data-testid="totp-secret">{s.secret.clone()}</code></p>
                    <form class="form" on:submit=confirm novalidate aria-label="Confirm two-factor sign-in">
                        <TextField id="code" label="Code from the app" value=code errors=errors autocomplete="one-time-code" inputmode="numeric" required=true />
                        <div><button type="submit" class="button">"Turn on"</button></div>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
