//! The seller portal's customer pages: sign-up, e-mail verification,
//! customer sign-in and the customer's account.

pub mod account;
mod account_actions;
pub mod account_login;
mod checkout_return;
mod invoice_detail;
pub mod invoices;
mod pay_invoice;
mod payments;
pub mod rate_lookup;
pub mod signup;
pub mod usage;
pub mod verify;

use crate::api;
use crate::components::{CopyButton, money};
use crate::contexts::{use_brand, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::catalog::PlanView;
use ringledger_shared::api::customers::ServiceView;
use ringledger_shared::rating::ServiceKind;

/// A plan as a customer reads it: "Name — 9.99 GBP a month" or per minute.
pub fn plan_text(p: &PlanView) -> String {
    match p.monthly_fee {
        Some(fee) => format!("{} — {} a month", p.name, money(fee, &p.currency)),
        None => format!("{} — pay per minute", p.name),
    }
}

/// A caller number as stored (digits) shown with its `+`.
pub fn with_plus(n: &str) -> String {
    if n.starts_with('+') {
        n.to_owned()
    } else {
        format!("+{n}")
    }
}

/// `PIN` for calling cards, `Password` for SIP and video.
fn secret_label(kind: ServiceKind) -> &'static str {
    if kind == ServiceKind::CallingCard {
        "PIN"
    } else {
        "Password"
    }
}

/// One service with its identifiers. `reveal`: the secret is hidden behind
/// a "Reveal" button that fetches it (the account page); otherwise the
/// secret in `service` is shown as is (the sign-up answer).
#[component]
pub fn ServiceSummary(
    service: ServiceView,
    /// The plan's name, if known.
    #[prop(optional)]
    plan: Option<String>,
    /// Whether secrets are fetched on demand.
    #[prop(optional)]
    reveal: bool,
    /// The phone numbers are listed by `children` (the account page's
    /// editor), so the summary leaves them out.
    #[prop(optional)]
    hide_numbers: bool,
    /// Actions shown in the card, under the identifiers.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let kind = service.kind;
    let id = service.id;
    let revealed = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let session = use_session();
    let has_secret = matches!(
        kind,
        ServiceKind::CallingCard | ServiceKind::Sip | ServiceKind::Video
    );
    let label = secret_label(kind);
    let on_reveal = move |_| {
        let Some(token) = session.token() else {
            return error.set(Some("Your session has ended. Sign in again.".to_owned()));
        };
        busy.set(true);
        spawn_local(async move {
            match api::reveal_credentials(&token, id).await {
                Ok(s) => {
                    let secret = if kind == ServiceKind::CallingCard {
                        s.pin
                    } else {
                        s.password
                    };
                    revealed.set(Some(secret.unwrap_or_else(|| "—".to_owned())));
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let shown_secret = if reveal {
        None
    } else {
        service.pin.clone().or(service.password.clone())
    };
    // Where an IP phone registers: the seller's SIP server, if it shows one.
    let sip_server = matches!(kind, ServiceKind::Sip | ServiceKind::Video)
        .then(|| use_brand().get_untracked().sip_server)
        .flatten()
        .map(|s| match s.rsplit_once(':') {
            Some((host, port)) => (host.to_owned(), port.to_owned()),
            None => (s, "5060".to_owned()),
        });
    let status_badge = (service.status != "active").then(|| {
        view! { <span class="badge badge-warn">{service.status.clone()}</span> }
    });
    view! {
        <section class="service-card" aria-label=kind.label()>
            <h3>{kind.label()} " " {status_badge}</h3>
            <dl class="credentials">
                {plan.map(|p| view! { <div><dt>"Plan"</dt><dd>{p}</dd></div> })}
                {service.bundle_subscription_id.map(|_| view! { <div><dt>"Plan"</dt><dd>"Included in your bundle"</dd></div> })}
                {service.serial.clone().map(|s| view! { <div><dt>"Serial number"</dt><dd class="mono">{s}</dd></div> })}
                {(!hide_numbers && !service.anis.is_empty()).then(|| {
                    let numbers: Vec<String> = service.anis.iter().map(|n| with_plus(n)).collect();
                    view! {
                        <div>
                            <dt>"Phone numbers"</dt>
                            <dd>
                                <ul class="plain">
                                    {numbers.into_iter().map(|n| view! { <li class="mono">{n}</li> }).collect_view()}
                                </ul>
                            </dd>
                        </div>
                    }
                })}
                {sip_server.map(|(host, port)| view! {
                    <div><dt>"SIP server"</dt><dd><span class="mono">{host.clone()}</span>
                        " " <CopyButton text=host label="Copy the SIP server" /></dd></div>
                    <div><dt>"Port"</dt><dd class="mono">{port}</dd></div>
                })}
                {service.username.clone().map(|u| view! {
                    <div><dt>"SIP username"</dt><dd><span class="mono">{u.clone()}</span>
                        " " <CopyButton text=u label="Copy the SIP username" /></dd></div>
                })}
                {shown_secret.map(|s| view! {
                    <div><dt>{label}</dt><dd><span class="mono secret">{s.clone()}</span>
                        " " <CopyButton text=s label=format!("Copy the {}", label.to_lowercase()) /></dd></div>
                })}
                {(reveal && has_secret).then(|| view! {
                    <div>
                        <dt>{label}</dt>
                        <dd>
                            {move || match revealed.get() {
                                Some(s) => view! {
                                    <span class="mono secret">{s.clone()}</span>
                                    " " <CopyButton text=s label=format!("Copy the {}", label.to_lowercase()) />
                                }.into_any(),
                                None => view! {
                                    <button
                                        type="button"
                                        class="button button-secondary button-small"
                                        aria-label=format!("Reveal {}", label)
                                        disabled=move || busy.get()
                                        on:click=on_reveal
                                    >
                                        "Reveal"
                                    </button>
                                }.into_any(),
                            }}
                            {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        </dd>
                    </div>
                })}
            </dl>
            {children.map(|c| c())}
        </section>
    }
}
