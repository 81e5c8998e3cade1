//! The Webhooks page (`integrations` permission): the seller's endpoints,
//! a form to register one (its signing secret shown once), and each
//! endpoint's deliveries with their status, response code and latency,
//! each of which can be sent again.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{EmptyState, FormAlert, FormErrors, NewPanel, TextField, load_error};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::webhooks::{
    CreateWebhookEndpointRequest, UpdateWebhookEndpointRequest, WebhookDeliveryView,
    WebhookEndpointView, WebhookEventType,
};
use ringledger_shared::status::WebhookDeliveryStatus;
use uuid::Uuid;

/// How a receiver checks a delivery (the same lines as
/// `docs/webhooks/verify.py`).
const SNIPPET: &str = r#"import hashlib, hmac, time

def verify(payload: bytes, header: str, secret: str, tolerance=300) -> bool:
    parts = [p.strip().partition("=") for p in header.split(",")]
    t = next((int(v) for k, _, v in parts if k == "t" and v.isdigit()), None)
    sigs = [v for k, _, v in parts if k == "v1"]
    if t is None or not sigs or abs(time.time() - t) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, s) for s in sigs)"#;

/// The page.
#[component]
pub fn WebhooksPage() -> impl IntoView {
    let session = use_session();
    let endpoints: LocalResource<Result<Vec<WebhookEndpointView>, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::list_webhook_endpoints(&token?).await }
        });
    let selected = RwSignal::new(None::<WebhookEndpointView>);
    let error = RwSignal::new(None::<String>);
    let none = Signal::derive(move || {
        endpoints
            .get()
            .is_some_and(|r| r.as_ref().is_ok_and(|items| items.is_empty()))
    });
    let change = move |id: Uuid, request: Option<UpdateWebhookEndpointRequest>| {
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        spawn_local(async move {
            let done = match request {
                Some(r) => api::update_webhook_endpoint(&token, id, &r)
                    .await
                    .map(|_| ()),
                None => api::delete_webhook_endpoint(&token, id).await,
            };
            match done {
                Ok(()) => {
                    error.set(None);
                    if selected.get_untracked().is_some_and(|s| s.id == id) {
                        selected.set(None);
                    }
                    endpoints.refetch();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <h1>"Webhooks"</h1>
        <p class="muted">
            "Ringledger posts what happens (a customer created, an invoice issued, a payment received…) to your CRM, accounting or provisioning system as JSON, signed with the endpoint's secret. An endpoint that does not answer 2xx is retried with growing pauses for three days; events about one object arrive in order."
        </p>
        <FormAlert message=error />
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading endpoints…"</p> }>
            {move || endpoints.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(items) if items.is_empty() => view! {
                    <EmptyState title="No webhook endpoints yet" message="Register the address of your system below to receive events." />
                }.into_any(),
                Ok(items) => view! { <EndpointTable items=items selected=selected change=change /> }.into_any(),
            })}
        </Transition>
        {move || selected.get().map(|e| view! { <Deliveries session=session endpoint=e /> })}
        <NewPanel label="New endpoint" open_when=none>
            <EndpointForm session=session on_created=move || endpoints.refetch() />
        </NewPanel>
        <details class="snippet">
            <summary>"How to verify a delivery"</summary>
            <p>"Each request carries "<code>"Ringledger-Signature: t=…,v1=…"</code>": an HMAC-SHA256 of the timestamp, a dot and the raw body under your secret — Stripe's scheme, so Stripe's verifier code works too. Refuse a request whose signature does not match or whose timestamp is more than five minutes old, and deduplicate on the event "<code>"id"</code>"."</p>
            <pre class="mono"><code>{SNIPPET}</code></pre>
        </details>
    }
}

/// The endpoints, each with its actions.
#[component]
fn EndpointTable(
    items: Vec<WebhookEndpointView>,
    selected: RwSignal<Option<WebhookEndpointView>>,
    change: impl Fn(Uuid, Option<UpdateWebhookEndpointRequest>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">"Endpoint"</th>
                        <th scope="col">"Events"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Pending"</th>
                        <th scope="col" class="num">"Failed"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|e| {
                        let id = e.id;
                        let enabled = e.enabled;
                        let label = if e.description.is_empty() { e.url.clone() } else { e.description.clone() };
                        let shown = e.clone();
                        let toggle = UpdateWebhookEndpointRequest { enabled: Some(!enabled), ..Default::default() };
                        view! {
                            <tr>
                                <th scope="row" class="wrap">
                                    <span class="break-anywhere">{label.clone()}</span>
                                    {(!e.description.is_empty()).then(|| view! { <br /><span class="muted mono break-anywhere">{e.url.clone()}</span> })}
                                </th>
                                <td class="wrap-anywhere">{e.events.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")}</td>
                                <td>{if enabled { "Active" } else { "Paused" }}</td>
                                <td class="num">{e.pending}</td>
                                <td class="num">{e.failed}</td>
                                <td class="actions">
                                    <button type="button" class="button button-secondary button-small"
                                        aria-label=format!("Deliveries of {label}") on:click=move |_| selected.set(Some(shown.clone()))>"Deliveries"</button>
                                    <button type="button" class="button button-secondary button-small"
                                        on:click=move |_| change(id, Some(toggle.clone()))>{if enabled { "Pause" } else { "Resume" }}</button>
                                    <button type="button" class="button button-danger button-small"
                                        aria-label=format!("Remove {label}")
                                        on:click=move |_| {
                                            let sure = window().confirm_with_message("Remove this endpoint? Nothing more is sent to it.").unwrap_or(false);
                                            if sure { change(id, None) }
                                        }>"Remove"</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One endpoint's deliveries, newest first, a page at a time.
#[component]
fn Deliveries(session: Session, endpoint: WebhookEndpointView) -> impl IntoView {
    let id = endpoint.id;
    let before = RwSignal::new(None::<Uuid>);
    let page = LocalResource::new(move || {
        let token = token(session);
        let before = before.get();
        async move { api::list_webhook_deliveries(&token?, id, before).await }
    });
    let notice = RwSignal::new(None::<String>);
    let replay = move |delivery: Uuid| {
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return notice.set(Some(e.message)),
        };
        spawn_local(async move {
            match api::replay_webhook_delivery(&token, id, delivery).await {
                Ok(_) => {
                    notice.set(Some("Sent again: the new delivery is at the top.".into()));
                    before.set(None);
                    page.refetch();
                }
                Err(e) => notice.set(Some(e.message)),
            }
        });
    };
    let title = if endpoint.description.is_empty() {
        endpoint.url.clone()
    } else {
        endpoint.description.clone()
    };
    view! {
        <section aria-labelledby="deliveries-heading">
            <h2 id="deliveries-heading">{format!("Deliveries to {title}")}</h2>
            <p role="status" class="muted">{move || notice.get()}</p>
            <button type="button" class="button button-secondary button-small" on:click=move |_| { before.set(None); page.refetch(); }>"Refresh"</button>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading deliveries…"</p> }>
                {move || page.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(p) if p.deliveries.is_empty() => view! {
                        <EmptyState title="Nothing sent yet" message="Deliveries appear here as events happen." />
                    }.into_any(),
                    Ok(p) => {
                        let next = p.next_before;
                        view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Event"</th>
                                            <th scope="col">"When"</th>
                                            <th scope="col">"Status"</th>
                                            <th scope="col" class="num">"Answer"</th>
                                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {p.deliveries.into_iter().map(|d| delivery_row(d, replay)).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {next.map(|n| view! {
                                <button type="button" class="button button-secondary" on:click=move |_| before.set(Some(n))>"Older deliveries"</button>
                            })}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

fn delivery_row(
    d: WebhookDeliveryView,
    replay: impl Fn(Uuid) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = d.id;
    let status = match d.status {
        WebhookDeliveryStatus::Delivered => "Delivered".to_owned(),
        WebhookDeliveryStatus::Failed => "Failed (given up)".to_owned(),
        WebhookDeliveryStatus::Pending => match d.next_attempt_at {
            Some(at) if d.attempts > 0 => format!("Retrying at {}", at.format("%Y-%m-%d %H:%M")),
            _ => "Pending".to_owned(),
        },
    };
    // The last attempt's HTTP status and how long it took: "200 · 3 ms".
    let answer = match (d.response_code, d.latency_ms) {
        (Some(code), Some(ms)) => format!("{code} · {ms} ms"),
        (Some(code), None) => code.to_string(),
        (None, Some(ms)) => format!("no answer · {ms} ms"),
        (None, None) => "—".to_owned(),
    };
    let class = match d.status {
        WebhookDeliveryStatus::Delivered => "badge badge-ok",
        WebhookDeliveryStatus::Failed => "badge badge-bad",
        WebhookDeliveryStatus::Pending => "badge",
    };
    view! {
        <tr>
            <th scope="row" class="wrap-normal">
                <span>{d.event_type.as_str()}</span><br />
                <span class="muted mono small break-anywhere">{d.event_id.clone()}</span>
                {d.replay_of.map(|_| view! { <span class="muted">" (replay)"</span> })}
            </th>
            <td>{d.created_at.format("%Y-%m-%d %H:%M").to_string()}</td>
            <td class="wrap-anywhere">
                <span class=class>{status}</span>
                <br /><span class="muted small">{if d.attempts == 1 { "1 attempt".to_owned() } else { format!("{} attempts", d.attempts) }}</span>
                {d.error.clone().map(|e| view! { <br /><span class="muted break-anywhere">{e}</span> })}
            </td>
            <td class="num">{answer}</td>
            <td>
                <button type="button" class="button button-secondary button-small"
                    aria-label=format!("Send {} again", d.event_id) on:click=move |_| replay(id)>"Send again"</button>
            </td>
        </tr>
    }
}

/// The form that registers an endpoint.
#[component]
fn EndpointForm(
    session: Session,
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<WebhookEventType>::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<WebhookEndpointView>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        alert.set(None);
        created.set(None);
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        let request = CreateWebhookEndpointRequest {
            url: url.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            events: chosen
                .get_untracked()
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
        };
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_webhook_endpoint(&token, &request).await {
                Ok(e) => {
                    url.set(String::new());
                    description.set(String::new());
                    chosen.set(Vec::new());
                    created.set(Some(e));
                    on_created();
                }
                Err(e) => errors.show_server(&e, alert),
            }
        });
    };
    view! {
        <form class="form catalog-form" on:submit=on_submit novalidate aria-label="New webhook endpoint">
            <h2>"New endpoint"</h2>
            <FormAlert message=alert />
            <TextField id="url" label="Endpoint URL" value=url errors=errors required=true input_type="url" placeholder="https://crm.example.com/ringledger" />
            <TextField id="description" label="Description (optional)" value=description errors=errors placeholder="CRM" />
            <fieldset class="field" aria-describedby="events-error">
                <legend>"Events to send"</legend>
                {WebhookEventType::ALL.iter().map(|kind| {
                    let kind = *kind;
                    let box_id = format!("event-{}", kind.as_str().replace('.', "-"));
                    let label_for = box_id.clone();
                    view! {
                        <label for=label_for class="checkbox">
                            <input id=box_id type="checkbox"
                                prop:checked=move || chosen.with(|c| c.contains(&kind))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|k| *k != kind);
                                        if on { c.push(kind); }
                                    });
                                } />
                            <span><code>{kind.as_str()}</code>" — "{kind.label()}</span>
                        </label>
                    }
                }).collect_view()}
                <p id="events-error" class="field-error" role="alert">{move || errors.get("events")}</p>
            </fieldset>
            <div><button type="submit" class="button">"Add endpoint"</button></div>
            {move || created.get().map(|e| view! {
                <div class="notice notice-ok" role="status">
                    <p><strong>"Endpoint added."</strong>" Copy its signing secret now: it is shown only this once."</p>
                    <label for="new-webhook-secret">"Signing secret"</label>
                    <input id="new-webhook-secret" class="mono key-value" type="text" readonly=true prop:value=e.secret.clone().unwrap_or_default() />
                </div>
            })}
        </form>
    }
}
