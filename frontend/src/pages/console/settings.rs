//! `/console/settings`: the API keys the operator's switches use.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{EmptyState, FormAlert, FormErrors, TextField, capitalised};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::{CreateSwitchKeyRequest, SwitchKeyView};
use ringledger_shared::validate::DisplayName;
use uuid::Uuid;

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let session = use_session();
    let keys: LocalResource<Result<Page<SwitchKeyView>, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::list_switch_keys(&token?).await }
        });
    let refresh = move || keys.refetch();
    view! {
        <h1>"Settings"</h1>
        <section aria-labelledby="keys-heading">
            <h2 id="keys-heading">"Switch keys"</h2>
            <p class="muted">"Your switches (FreeSWITCH, Asterisk, …) use a key to look up PINs, caller numbers and SIP users and to send calls for billing."</p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading keys…"</p> }>
                {move || keys.get().map(|r| match r {
                    Err(e) => view! { <p class="form-alert" role="alert">{capitalised(&e.message)}</p> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! {
                        <EmptyState title="No switch keys yet" message="Create one for each switch that talks to Ringledger." />
                    }.into_any(),
                    Ok(page) => keys_table(session, page.items, refresh),
                })}
            </Transition>
            <KeyForm session=session on_created=refresh />
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
                Err(e) => {
                    if !errors.set_server(&e) {
                        form_error.set(Some(e.message));
                    }
                }
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
                    <p class="field-hint">"Select it and copy (Ctrl+C / ⌘C) into your switch's configuration."</p>
                </div>
            })}
        </section>
    }
}
