//! What a customer can change on `/account`: phone numbers of a PINless
//! service, a new SIP password, the login password, a prepaid card they
//! bought, and another service.

use super::{plan_text, service_text, signed_out, with_plus};
use crate::api::{self, ApiError};
use crate::components::{ChoiceField, FormAlert, FormErrors, TextField};
use crate::contexts::{t, tf, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::customers::{
    ChangePasswordRequest, OffersView, ServiceRequest, ServiceView,
};
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::validate::NewPassword;
use uuid::Uuid;

/// Called after a change, to reload the account.
pub type Reload = Callback<()>;

fn session_token() -> Result<String, ApiError> {
    use_session().token().ok_or_else(signed_out)
}

/// What is wrong with a new password (the checks of [`NewPassword`]), as a
/// sentence in the visitor's language.
fn new_password_error(raw: &str) -> Option<String> {
    let e = NewPassword::parse("new_password", raw).err()?;
    let n = raw.chars().count();
    Some(if n < NewPassword::MIN_CHARS {
        tf(
            "account-password-too-short",
            &[("count", NewPassword::MIN_CHARS.into())],
        )
    } else if n > NewPassword::MAX_CHARS {
        tf(
            "account-password-too-long",
            &[("count", NewPassword::MAX_CHARS.into())],
        )
    } else if raw.trim().is_empty() {
        t("account-password-blank")
    } else {
        e.message
    })
}

/// Shows a server error beside its field, or for the whole form.
fn show(e: &ApiError, errors: FormErrors, alert: RwSignal<Option<String>>) {
    let field = e.field.clone().unwrap_or_default();
    let message = e
        .message
        .strip_prefix(&format!("{field}: "))
        .unwrap_or(&e.message)
        .to_owned();
    if e.field.is_some() {
        errors.set_pairs(vec![(field, message)]);
    } else {
        alert.set(Some(message));
    }
}

/// The numbers of a PINless service: remove one, add one.
#[component]
pub fn NumbersEditor(service_id: Uuid, anis: Vec<String>, reload: Reload) -> impl IntoView {
    let session = use_session();
    let number = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let field_id = format!("add-number-{service_id}");
    let on_add = {
        let field_id = field_id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            errors.clear();
            alert.set(None);
            let n = number.get_untracked().trim().to_owned();
            if n.is_empty() {
                return errors.set_pairs(vec![(field_id.clone(), t("account-enter-number"))]);
            }
            let Some(token) = session.token() else {
                return alert.set(Some(signed_out().message));
            };
            let field_id = field_id.clone();
            busy.set(true);
            spawn_local(async move {
                match api::add_my_number(&token, service_id, &n).await {
                    Ok(_) => {
                        number.set(String::new());
                        busy.set(false);
                        reload.run(());
                    }
                    Err(e) => {
                        let mut e = e;
                        if e.field.as_deref() == Some("number") {
                            e.message = e.message.trim_start_matches("number: ").to_owned();
                            e.field = Some(field_id);
                        }
                        show(&e, errors, alert);
                        busy.set(false);
                    }
                }
            });
        }
    };
    let single = anis.len() <= 1;
    let list_id = format!("numbers-{service_id}");
    view! {
        <div class="numbers-editor">
            <p class="numbers-label" id=list_id.clone()>{t("account-phone-numbers")}</p>
            <ul class="plain" aria-labelledby=list_id>
                {anis.into_iter().map(|n| {
                    let shown = with_plus(&n);
                    let label = tf("account-remove-number", &[("number", shown.as_str().into())]);
                    view! {
                        <li class="ani-row">
                            <span class="mono">{shown}</span>
                            {(!single).then(|| view! {
                                <button type="button" class="button button-secondary button-small" aria-label=label
                                    disabled=move || busy.get()
                                    on:click=move |_| {
                                        let n = n.clone();
                                        let Some(token) = session.token() else { return };
                                        busy.set(true);
                                        spawn_local(async move {
                                            match api::remove_my_number(&token, service_id, &n).await {
                                                Ok(()) => { busy.set(false); reload.run(()); }
                                                Err(e) => { alert.set(Some(e.message)); busy.set(false); }
                                            }
                                        });
                                    }>{t("account-remove")}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=on_add novalidate>
                <TextField id=field_id label=t("account-add-number-label") value=number errors=errors input_type="tel" placeholder="+44 20 7946 0000" />
                <button type="submit" class="button button-secondary button-small" disabled=move || busy.get()>{t("account-add-number")}</button>
            </form>
            <FormAlert message=alert />
        </div>
    }
}

/// "Reset SIP password": the new one is shown once.
#[component]
pub fn ResetSipPassword(service_id: Uuid) -> impl IntoView {
    let session = use_session();
    let shown = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_click = move |_| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(&t("account-reset-sip-confirm")).ok())
            .unwrap_or(false);
        if !ok {
            return;
        }
        let Some(token) = session.token() else {
            return alert.set(Some(signed_out().message));
        };
        busy.set(true);
        spawn_local(async move {
            match api::reset_my_password(&token, service_id).await {
                Ok(s) => shown.set(s.password),
                Err(e) => alert.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <div>
            <button type="button" class="button button-secondary button-small" disabled=move || busy.get() on:click=on_click>
                {t("account-reset-sip")}
            </button>
            {move || shown.get().map(|p| view! {
                <p role="status">{t("account-new-sip-password")} " " <span class="mono secret new-sip-password">{p}</span></p>
            })}
            <FormAlert message=alert />
        </div>
    }
}

/// Change the login password.
#[component]
pub fn ChangePasswordForm() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        alert.set(None);
        done.set(None);
        let mut invalid = Vec::new();
        if current.with_untracked(String::is_empty) {
            invalid.push((
                "current_password".to_owned(),
                t("account-current-password-required"),
            ));
        }
        if let Some(m) = new.with_untracked(|n| new_password_error(n)) {
            invalid.push(("new_password".to_owned(), m));
        }
        if !invalid.is_empty() {
            return errors.set_pairs(invalid);
        }
        let token = match session_token() {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::change_my_password(&token, &request).await {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    done.set(Some(t("account-password-changed")));
                }
                Err(e) => show(&e, errors, alert),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=alert />
            <TextField id="current_password" label=t("account-current-password") value=current errors=errors input_type="password" autocomplete="current-password" />
            <TextField id="new_password" label=t("account-new-password") value=new errors=errors input_type="password" autocomplete="new-password" hint=|| t("account-password-hint") />
            <div><button type="submit" class="button" disabled=move || busy.get()>{t("account-change-password")}</button></div>
            {move || done.get().map(|m| view! { <p class="form-done" role="status">{m}</p> })}
        </form>
    }
}

/// "I have a card": a prepaid card bought in a shop joins the account.
#[component]
pub fn RegisterCardForm(reload: Reload) -> impl IntoView {
    let pin = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        alert.set(None);
        if pin.with_untracked(|p| p.trim().is_empty()) {
            return errors.set_pairs(vec![("pin".to_owned(), t("account-card-pin-required"))]);
        }
        let token = match session_token() {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        let p = pin.get_untracked().trim().to_owned();
        busy.set(true);
        spawn_local(async move {
            match api::register_my_card(&token, &p).await {
                Ok(_) => {
                    pin.set(String::new());
                    busy.set(false);
                    reload.run(());
                }
                Err(e) => {
                    show(&e, errors, alert);
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=alert />
            <TextField id="pin" label=t("account-card-pin") value=pin errors=errors inputmode="numeric" hint=|| t("account-card-pin-hint") />
            <div><button type="submit" class="button" disabled=move || busy.get()>{t("account-register-card")}</button></div>
        </form>
    }
}

/// Add another service to the account; the new service, with its
/// credentials, goes to `created`.
#[component]
pub fn AddServiceForm(
    offers: OffersView,
    created: RwSignal<Option<ServiceView>>,
    reload: Reload,
) -> impl IntoView {
    let offers = StoredValue::new(offers);
    let kind = RwSignal::new(ServiceKind::CallingCard.as_str().to_owned());
    let plan = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |prev: Option<String>| {
        let k = kind.get();
        if prev.is_some_and(|p| p != k) {
            plan.set(String::new());
        }
        k
    });
    let kind_options = Signal::derive(|| {
        ServiceKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), service_text(*k)))
            .collect::<Vec<_>>()
    });
    let plan_options = Signal::derive(move || {
        let k = kind.get();
        let mut v = vec![(String::new(), t("account-choose-plan"))];
        offers.with_value(|o| {
            v.extend(
                o.plans
                    .iter()
                    .filter(|p| p.service_kind.as_str() == k)
                    .map(|p| (p.id.to_string(), plan_text(p))),
            );
        });
        v
    });
    let is_pinless = move || kind.with(|k| k == ServiceKind::Pinless.as_str());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        alert.set(None);
        created.set(None);
        let pinless = is_pinless();
        let request = ServiceRequest {
            kind: kind.get_untracked(),
            plan_id: plan.with_untracked(|p| Uuid::parse_str(p).ok()),
            anis: if pinless {
                vec![number.get_untracked().trim().to_owned()]
            } else {
                Vec::new()
            },
            numbers: Vec::new(),
        };
        let token = match session_token() {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::add_my_service(&token, &request).await {
                Ok(s) => {
                    created.set(Some(s));
                    plan.set(String::new());
                    number.set(String::new());
                    busy.set(false);
                    reload.run(());
                }
                Err(mut e) => {
                    // `anis[0]` is the one number input of this form.
                    if e.field.as_deref().is_some_and(|f| f.starts_with("anis")) {
                        e.message = e
                            .message
                            .split_once(": ")
                            .map_or(e.message.clone(), |(_, m)| m.to_owned());
                        e.field = Some("new-service-number".to_owned());
                    }
                    show(&e, errors, alert);
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=alert />
            <div class="field-row">
                <ChoiceField id="new-service-kind" field="kind" label=t("account-new-service-kind") value=kind errors=errors options=kind_options />
                <ChoiceField id="new-service-plan" field="plan_id" label=t("account-plan-for-it") value=plan errors=errors options=plan_options />
            </div>
            <Show when=is_pinless>
                <TextField id="new-service-number" label=t("account-number-to-call-from") value=number errors=errors input_type="tel" placeholder="+44 20 7946 0000" />
            </Show>
            <div><button type="submit" class="button" disabled=move || busy.get()>{t("account-add-service-button")}</button></div>
        </form>
    }
}
