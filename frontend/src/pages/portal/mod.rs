//! The seller portal's customer pages: sign-up, e-mail verification,
//! customer sign-in and the customer's account.

pub mod account;
mod account_actions;
pub mod account_login;
pub mod calls;
mod checkout_return;
mod invoice_detail;
pub mod invoices;
mod itemized_setting;
mod language_setting;
mod numbers;
mod pay_invoice;
mod payments;
pub mod rate_lookup;
pub mod signup;
pub mod usage;
pub mod verify;

use crate::api::{self, ApiError};
use crate::components::{CopyButton, money};
use crate::contexts::{t, tf, use_brand, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::catalog::PlanView;
use ringledger_shared::api::customers::ServiceView;
use ringledger_shared::rating::ServiceKind;
use uuid::Uuid;

/// A plan as a customer reads it: "Name — 9.99 GBP a month" or per minute.
pub fn plan_text(p: &PlanView) -> String {
    match p.monthly_fee {
        Some(fee) => tf(
            "account-plan-monthly",
            &[
                ("name", p.name.as_str().into()),
                ("fee", money(fee, &p.currency).into()),
            ],
        ),
        None => tf(
            "account-plan-per-minute",
            &[("name", p.name.as_str().into())],
        ),
    }
}

/// A kind of service as a customer reads it: "IP phone (SIP)".
pub fn service_text(kind: ServiceKind) -> String {
    match kind {
        ServiceKind::CallingCard => t("common-service-card"),
        ServiceKind::Pinless => t("common-service-pinless"),
        ServiceKind::Sip => t("account-service-sip"),
        ServiceKind::Video => t("common-service-video"),
    }
}

/// "Your session has ended", in the visitor's language.
pub(crate) fn signed_out() -> ApiError {
    let mut e = ApiError::signed_out();
    e.message = t("account-session-ended");
    e
}

/// A caller number as stored (digits) shown with its `+`.
pub fn with_plus(n: &str) -> String {
    if n.starts_with('+') {
        n.to_owned()
    } else {
        format!("+{n}")
    }
}

/// How a service's secret reads: its name, the "Copy" and "Reveal"
/// buttons' names.
#[derive(Debug, Clone)]
struct SecretText {
    label: String,
    copy: String,
    reveal: String,
}

/// `PIN` for calling cards, `Password` for SIP and video.
fn secret_text(kind: ServiceKind) -> SecretText {
    if kind == ServiceKind::CallingCard {
        SecretText {
            label: t("account-secret-pin"),
            copy: t("account-copy-pin"),
            reveal: t("account-reveal-pin"),
        }
    } else {
        SecretText {
            label: t("common-password"),
            copy: t("account-copy-password"),
            reveal: t("account-reveal-password"),
        }
    }
}

/// A service's status as its badge reads it (`suspended`).
fn service_status_text(status: &str) -> String {
    match status {
        "suspended" => t("account-service-status-suspended"),
        "closed" => t("account-service-status-closed"),
        other => other.replace('_', " "),
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
    /// The phone numbers (a PINless service's caller numbers, an IP
    /// phone's numbers) are listed by `children` (the account page's
    /// editors), so the summary leaves them out.
    #[prop(optional)]
    hide_numbers: bool,
    /// Actions shown in the card, under the identifiers.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let kind = service.kind;
    let has_secret = matches!(
        kind,
        ServiceKind::CallingCard | ServiceKind::Sip | ServiceKind::Video
    );
    let secret = secret_text(kind);
    let kind_text = service_text(kind);
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
        view! { <span class="badge badge-warn">{service_status_text(&service.status)}</span> }
    });
    let secret_row = match shown_secret {
        Some(s) => Some(
            view! {
                <div><dt>{secret.label}</dt><dd><span class="mono secret">{s.clone()}</span>
                    " " <CopyButton text=s label=secret.copy /></dd></div>
            }
            .into_any(),
        ),
        None => (reveal && has_secret).then(|| {
            view! {
                <RevealSecret service_id=service.id kind=kind text=secret />
            }
            .into_any()
        }),
    };
    let region = kind_text.clone();
    view! {
        <section class="service-card" aria-label=region>
            <h3>{kind_text} " " {status_badge}</h3>
            <dl class="credentials">
                {plan.map(|p| view! { <div><dt>{t("account-plan")}</dt><dd>{p}</dd></div> })}
                {service.bundle_subscription_id.map(|_| view! { <div><dt>{t("account-plan")}</dt><dd>{t("account-in-bundle")}</dd></div> })}
                {service.serial.clone().map(|s| view! { <div><dt>{t("account-serial")}</dt><dd class="mono">{s}</dd></div> })}
                {(!hide_numbers && (!service.anis.is_empty() || !service.numbers.is_empty())).then(|| {
                    // A PINless service's caller numbers, or the numbers
                    // ringing an IP phone.
                    let numbers: Vec<String> = service
                        .anis
                        .iter()
                        .chain(service.numbers.iter().map(|n| &n.number))
                        .map(|n| with_plus(n))
                        .collect();
                    view! {
                        <div>
                            <dt>{t("account-phone-numbers")}</dt>
                            <dd>
                                <ul class="plain">
                                    {numbers.into_iter().map(|n| view! { <li class="mono">{n}</li> }).collect_view()}
                                </ul>
                            </dd>
                        </div>
                    }
                })}
                {sip_server.map(|(host, port)| view! {
                    <div><dt>{t("account-sip-server")}</dt><dd><span class="mono">{host.clone()}</span>
                        " " <CopyButton text=host label=t("account-copy-sip-server") /></dd></div>
                    <div><dt>{t("account-port")}</dt><dd class="mono">{port}</dd></div>
                })}
                {service.username.clone().map(|u| view! {
                    <div><dt>{t("account-sip-username")}</dt><dd><span class="mono">{u.clone()}</span>
                        " " <CopyButton text=u label=t("account-copy-sip-username") /></dd></div>
                })}
                {secret_row}
            </dl>
            {children.map(|c| c())}
        </section>
    }
}

/// A service's PIN or password behind a "Reveal" button that fetches it.
#[component]
fn RevealSecret(service_id: Uuid, kind: ServiceKind, text: SecretText) -> impl IntoView {
    let revealed = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let session = use_session();
    let on_reveal = move |_| {
        let Some(token) = session.token() else {
            return error.set(Some(signed_out().message));
        };
        busy.set(true);
        spawn_local(async move {
            match api::reveal_credentials(&token, service_id).await {
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
    let SecretText {
        label,
        copy,
        reveal,
    } = text;
    view! {
        <div>
            <dt>{label}</dt>
            <dd>
                {move || match revealed.get() {
                    Some(s) => view! {
                        <span class="mono secret">{s.clone()}</span>
                        " " <CopyButton text=s label=copy.clone() />
                    }.into_any(),
                    None => view! {
                        <button
                            type="button"
                            class="button button-secondary button-small"
                            aria-label=reveal.clone()
                            disabled=move || busy.get()
                            on:click=on_reveal
                        >
                            {t("account-reveal")}
                        </button>
                    }.into_any(),
                }}
                {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </dd>
        </div>
    }
}
