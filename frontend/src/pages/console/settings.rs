//! `/console/settings`: how new customer accounts are set up, card payments
//! (the seller's Stripe account), the operator's Ringledger plan, and the
//! API keys the operator's switches use (the last two: operator only).

use super::api_keys::ApiKeysSection;
use super::catalog::token;
use super::payment_settings::StripeSection;
use super::plan::PlanSection;
use crate::api::{self, ApiError};
use crate::components::{
    ChoiceField, CopyButton, EmptyState, FormAlert, FormErrors, NewPanel, SaveButton, SelectField,
    SwitchSamples, TextField, load_error, page_host, page_protocol,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use ringledger_shared::access::Permission;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::{AccountSettings, CreateSwitchKeyRequest, SwitchKeyView};
use ringledger_shared::validate::DisplayName;
use uuid::Uuid;

/// The settings page. The Ringledger plan and the switch keys are the
/// operator's: a reseller's staff do not see them.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let session = use_session();
    let operator = !untrack(move || session.is_reseller());
    let can = move |p: Permission| untrack(move || session.can(p));
    view! {
        <h1>"Settings"</h1>
        <p class="muted">
            "Your brand (name, colours, logo, invoice address) is under "
            <A href="/console/brand">"Brand"</A>
            "."
        </p>
        <AccountsSection session=session />
        <super::billing_settings::BillingSettingsSection session=session can_edit=can(Permission::Settings) />
        <super::fraud::settings::FraudSettingsSection session=session can_edit=can(Permission::Settings) operator=operator />
        // Each part only for the roles that may change it (docs/ROLES.md).
        {can(Permission::PaymentSettings).then(|| view! { <StripeSection session=session /> })}
        {(operator && can(Permission::PaymentSettings)).then(|| view! { <PlanSection session=session /> })}
        {(operator && can(Permission::Integrations)).then(|| view! { <SwitchKeysSection session=session /> })}
        {can(Permission::ApiKeys).then(|| view! { <ApiKeysSection session=session /> })}
    }
}

/// "Switch keys": the list and the form (operator only).
#[component]
fn SwitchKeysSection(session: Session) -> impl IntoView {
    let keys: LocalResource<Result<Page<SwitchKeyView>, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::list_switch_keys(&token?).await }
        });
    let refresh = move || keys.refetch();
    let none = Signal::derive(move || {
        keys.get()
            .is_some_and(|r| r.as_ref().is_ok_and(|p| p.items.is_empty()))
    });
    view! {
        <section aria-labelledby="keys-heading">
            <h2 id="keys-heading">"Switch keys"</h2>
            <p class="muted">"Your switches (FreeSWITCH, Asterisk, …) use a key to look up PINs, caller numbers and SIP users and to send calls for billing."</p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading keys…"</p> }>
                {move || keys.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(page) if page.items.is_empty() => view! {
                        <EmptyState title="No switch keys yet" message="Create one for each switch that talks to Ringledger." />
                    }.into_any(),
                    Ok(page) => keys_table(session, page.items, refresh),
                })}
            </Transition>
            <NewPanel label="New switch key" open_when=none>
                <KeyForm session=session on_created=refresh />
            </NewPanel>
        </section>
    }
}

fn keys_table(
    session: Session,
    items: Vec<SwitchKeyView>,
    refresh: impl Fn() + Clone + Send + Sync + 'static,
) -> AnyView {
    let error = RwSignal::new(None::<String>);
    let revoke = move |id: Uuid, name: String| {
        let question = format!("Revoke “{name}”? Switches using it stop working at once.");
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if !ok {
            return;
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        let refresh = refresh.clone();
        spawn_local(async move {
            match api::revoke_switch_key(&token, id).await {
                Ok(()) => refresh(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <FormAlert message=error />
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Switch keys"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Key"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|k| {
                        let revoke = revoke.clone();
                        let name = k.name.clone();
                        view! {
                            <tr>
                                <th scope="row">{k.name.clone()}</th>
                                <td class="mono">{format!("…{}", k.last4)}</td>
                                <td>{k.created_at.format("%Y-%m-%d").to_string()}</td>
                                <td>{match k.revoked_at {
                                    Some(at) => view! { <span class="badge badge-warn">{format!("Revoked {}", at.format("%Y-%m-%d"))}</span> }.into_any(),
                                    None => view! { <span class="badge badge-ok">"Active"</span> }.into_any(),
                                }}</td>
                                <td>{k.revoked_at.is_none().then(|| view! {
                                    <button type="button" class="button button-secondary button-small"
                                        aria-label=format!("Revoke {}", k.name)
                                        on:click=move |_| revoke(k.id, name.clone())>"Revoke"</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn KeyForm(
    session: Session,
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<SwitchKeyView>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        created.set(None);
        if let Err(e) = DisplayName::parse("name", &name.get_untracked()) {
            return errors.set_all(vec![e]);
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let request = CreateSwitchKeyRequest {
            name: name.get_untracked().trim().to_owned(),
        };
        busy.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_switch_key(&token, &request).await {
                Ok(k) => {
                    name.set(String::new());
                    created.set(Some(k));
                    on_created();
                }
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="key-form-heading">
            <h2 id="key-form-heading">"New switch key"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <TextField id="key-name" field="name" label="Key name" value=name errors=errors required=true placeholder="FreeSWITCH London" />
                <div>
                    <button type="submit" class="button" disabled=move || busy.get()>"Create key"</button>
                </div>
            </form>
            {move || created.get().map(|k| view! {
                <div class="notice notice-ok" role="status">
                    <p><strong>{format!("Key “{}” created.", k.name)}</strong>
                        " Copy it now: it is shown only this once."</p>
                    <label for="new-key">"Your new key"</label>
                    <input id="new-key" class="mono key-value" type="text" readonly=true
                        prop:value=k.key.clone().unwrap_or_default()
                        on:focus=|ev| {
                            use wasm_bindgen::JsCast;
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        } />
                    <CopyButton text=k.key.clone().unwrap_or_default() label="Copy the key" />
                    <p class="field-hint">"Paste it into your switch's configuration; try it with the requests below."</p>
                    <SwitchSamples base=format!("{}//{}", page_protocol(), page_host()) key=k.key.clone().unwrap_or_default() />
                </div>
            })}
        </section>
    }
}

/// The kinds of account a new customer can get.
const ACCOUNT_KINDS: &[(&str, &str)] = &[("prepaid", "Prepaid"), ("postpaid", "Postpaid")];

/// A server message without the field name the server puts in front
/// (`pin_length must be …` → `must be …`).
fn without_field<'a>(field: &str, message: &'a str) -> &'a str {
    message
        .strip_prefix(field)
        .map(|m| m.strip_prefix(':').unwrap_or(m).trim_start())
        .filter(|m| !m.is_empty())
        .unwrap_or(message)
}

/// "Accounts": the settings new customer accounts get.
#[component]
fn AccountsSection(session: Session) -> impl IntoView {
    let settings: LocalResource<Result<AccountSettings, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::get_account_settings(&token?).await }
        });
    view! {
        <section class="catalog-form" aria-labelledby="accounts-heading">
            <h2 id="accounts-heading">"Accounts"</h2>
            <p class="muted">"How accounts are set up when a customer signs up or you create one. Existing accounts keep their settings."</p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading account settings…"</p> }>
                {move || settings.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(s) => view! { <AccountsForm session=session initial=s /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// Checks the form's values; the request, or `(field, message)` pairs.
fn parse_settings(
    pin_length: &str,
    account_kind: &str,
    credit_limit: &str,
    billing_day: &str,
) -> Result<AccountSettings, Vec<(String, String)>> {
    let mut invalid = Vec::new();
    let pin = pin_length
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (6..=20).contains(n));
    if pin.is_none() {
        invalid.push(("pin_length".to_owned(), "must be 6 to 20 digits".to_owned()));
    }
    if !ACCOUNT_KINDS.iter().any(|(k, _)| *k == account_kind) {
        invalid.push((
            "account_kind".to_owned(),
            "Choose prepaid or postpaid.".to_owned(),
        ));
    }
    let limit = credit_limit.trim();
    let limit_ok = !limit.is_empty()
        && limit.chars().all(|c| c.is_ascii_digit() || c == '.')
        && limit.chars().filter(|c| *c == '.').count() <= 1
        && limit.chars().any(|c| c.is_ascii_digit());
    if !limit_ok {
        invalid.push((
            "default_credit_limit".to_owned(),
            "must be an amount such as 50 or 49.99".to_owned(),
        ));
    }
    let day = billing_day
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=31).contains(d));
    if day.is_none() {
        invalid.push((
            "billing_day".to_owned(),
            "must be a day from 1 to 31".to_owned(),
        ));
    }
    match (pin, day) {
        (Some(pin_length), Some(billing_day)) if invalid.is_empty() => Ok(AccountSettings {
            pin_length,
            account_kind: account_kind.to_owned(),
            default_credit_limit: limit.to_owned(),
            billing_day,
        }),
        _ => Err(invalid),
    }
}

#[component]
fn AccountsForm(session: Session, initial: AccountSettings) -> impl IntoView {
    let pin_length = RwSignal::new(initial.pin_length.to_string());
    let account_kind = RwSignal::new(initial.account_kind.clone());
    let credit_limit = RwSignal::new(initial.default_credit_limit.clone());
    let billing_day = RwSignal::new(initial.billing_day.to_string());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let day_options = Signal::derive(|| {
        (1..=31)
            .map(|d: u32| (d.to_string(), d.to_string()))
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form_error.set(None);
        saved.set(false);
        let request = match parse_settings(
            &pin_length.get_untracked(),
            &account_kind.get_untracked(),
            &credit_limit.get_untracked(),
            &billing_day.get_untracked(),
        ) {
            Ok(r) => r,
            Err(invalid) => return errors.set_pairs(invalid),
        };
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::put_account_settings(&token, &request).await {
                Ok(s) => {
                    pin_length.set(s.pin_length.to_string());
                    account_kind.set(s.account_kind);
                    credit_limit.set(s.default_credit_limit);
                    billing_day.set(s.billing_day.to_string());
                    saved.set(true);
                }
                Err(e) => match &e.field {
                    Some(field) => {
                        let message = without_field(field, &e.message).to_owned();
                        errors.set_pairs(vec![(field.clone(), message)]);
                    }
                    None => form_error.set(Some(e.message)),
                },
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=form_error />
            <div class="field-row">
                <SelectField id="account_kind" label="New accounts are" value=account_kind errors=errors options=ACCOUNT_KINDS />
                <TextField id="default_credit_limit" label="Default credit limit" value=credit_limit errors=errors
                    inputmode="decimal" hint=|| "Postpaid accounts may spend up to this much, in your currency, before paying." />
            </div>
            <div class="field-row">
                <TextField id="pin_length" label="PIN length" value=pin_length errors=errors inputmode="numeric"
                    maxlength=2 hint=|| "Digits in new calling-card PINs, 6 to 20." />
                <ChoiceField id="billing_day" label="Billing day" value=billing_day errors=errors options=day_options
                    hint="Day of the month new accounts are billed." />
            </div>
            <SaveButton label="Save account settings" busy=busy saved=saved done="Account settings saved. New accounts get them from now on." />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_settings, without_field};

    #[test]
    fn settings_are_checked() {
        let ok = parse_settings("12", "postpaid", "50", "15");
        assert!(ok.is_ok_and(|s| s.pin_length == 12 && s.billing_day == 15));
        let bad = parse_settings("5", "other", "fifty", "32")
            .err()
            .unwrap_or_default();
        let fields: Vec<&str> = bad.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "pin_length",
                "account_kind",
                "default_credit_limit",
                "billing_day"
            ]
        );
    }

    #[test]
    fn field_prefix_is_dropped() {
        assert_eq!(
            without_field("pin_length", "pin_length must be 6 to 20 digits"),
            "must be 6 to 20 digits"
        );
        assert_eq!(without_field("email", "email: taken"), "taken");
        assert_eq!(without_field("email", "taken"), "taken");
    }
}
