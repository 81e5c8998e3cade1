//! The "API keys" section of Settings (owners): keys for the seller's own
//! systems, each with a scope and an optional last day, shown once.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{
    EmptyState, FormAlert, FormErrors, SelectField, TextField, confirm, load_error,
};
use crate::contexts::Session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::team::{ApiKeyView, CreateApiKeyRequest};

const SCOPES: &[(&str, &str)] = &[
    ("read_only", "Read only: everything a read-only member sees"),
    ("billing", "Billing: invoices, bill runs, payments, refunds"),
    ("catalog", "Catalog: rate decks, plans, bundles"),
    ("customers", "Customers: customers, services, card batches"),
];

/// The section.
#[component]
pub fn ApiKeysSection(session: Session) -> impl IntoView {
    let keys: LocalResource<Result<Vec<ApiKeyView>, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::list_api_keys(&token?).await }
    });
    let error = RwSignal::new(None::<String>);
    let revoke = move |id: uuid::Uuid, name: String| {
        if !confirm(&format!(
            "Revoke “{name}”? Whatever uses it is refused at once."
        )) {
            return;
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        spawn_local(async move {
            match api::revoke_api_key(&token, id).await {
                Ok(()) => keys.refetch(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section aria-labelledby="api-keys-heading">
            <h2 id="api-keys-heading">"API keys"</h2>
            <p class="muted">"For your own systems (accounting, CRM): send the key as "<code>"Authorization: Bearer rlak_…"</code>" to this portal's address. Each key only does what its scope allows."</p>
            <FormAlert message=error />
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading API keys…"</p> }>
                {move || keys.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(items) if items.is_empty() => view! {
                        <EmptyState title="No API keys yet" message="Create one for each system that talks to Ringledger." />
                    }.into_any(),
                    Ok(items) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Scope"</th>
                                        <th scope="col">"Key"</th>
                                        <th scope="col">"Last used"</th>
                                        <th scope="col">"Status"</th>
                                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {items.into_iter().map(|k| {
                                        let id = k.id;
                                        let status = match (k.revoked_at, k.expires_at) {
                                            (Some(at), _) => format!("Revoked {}", at.format("%Y-%m-%d")),
                                            (None, Some(end)) => format!("Until {}", (end - chrono::Duration::days(1)).format("%Y-%m-%d")),
                                            (None, None) => "Active".to_owned(),
                                        };
                                        view! {
                                            <tr>
                                                <th scope="row">{k.name.clone()}</th>
                                                <td>{k.scope.as_str().replace('_', " ")}</td>
                                                <td class="mono">{format!("…{}", k.last4)}</td>
                                                <td>{k.last_used_at.map(|t| format!("{} from {}", t.format("%Y-%m-%d %H:%M"), k.last_used_ip.clone().unwrap_or_default())).unwrap_or_else(|| "never".into())}</td>
                                                <td>{status}</td>
                                                <td>{k.revoked_at.is_none().then(|| view! {
                                                    <button type="button" class="button button-danger button-small"
                                                        aria-label=format!("Revoke {}", k.name) on:click={
                                                            let name = k.name.clone();
                                                            move |_| revoke(id, name.clone())
                                                        }>"Revoke"</button>
                                                })}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                })}
            </Transition>
            <ApiKeyForm session=session on_created=move || keys.refetch() />
        </section>
    }
}

#[component]
fn ApiKeyForm(
    session: Session,
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new("read_only".to_owned());
    let expires = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<ApiKeyView>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        alert.set(None);
        created.set(None);
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        let request = CreateApiKeyRequest {
            name: name.get_untracked().trim().to_owned(),
            scope: scope.get_untracked(),
            expires_on: Some(expires.get_untracked()).filter(|d| !d.trim().is_empty()),
        };
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_api_key(&token, &request).await {
                Ok(k) => {
                    name.set(String::new());
                    created.set(Some(k));
                    on_created();
                }
                Err(e) => errors.show_server(&e, alert),
            }
        });
    };
    view! {
        <form class="form catalog-form" on:submit=on_submit novalidate aria-label="New API key">
            <h3>"New API key"</h3>
            <FormAlert message=alert />
            <TextField id="api-key-name" field="name" label="Name" value=name errors=errors required=true placeholder="Accounting export" />
            <SelectField id="scope" label="Scope" value=scope errors=errors options=SCOPES />
            <TextField id="expires_on" label="Last day (optional)" input_type="date" value=expires errors=errors />
            <div><button type="submit" class="button">"Create API key"</button></div>
            {move || created.get().map(|k| view! {
                <div class="notice notice-ok" role="status">
                    <p><strong>{format!("Key “{}” created.", k.name)}</strong>" Copy it now: it is shown only this once."</p>
                    <label for="new-api-key">"Your new API key"</label>
                    <input id="new-api-key" class="mono key-value" type="text" readonly=true prop:value=k.key.clone().unwrap_or_default() />
                </div>
            })}
        </form>
    }
}
