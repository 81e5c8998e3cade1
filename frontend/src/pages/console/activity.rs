//! `/console/activity`: the audit log — who changed what, when and from
//! where — filtered by action and period, paged back, exported as CSV;
//! and [`AuditTrail`], one customer's history on their page.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::save_file;
use crate::components::{EmptyState, FormAlert, load_error};
use crate::contexts::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::Page;
use ringledger_shared::api::audit::{AuditEventView, AuditQuery};

/// One change as a line: `field: from → to`.
fn change_lines(changes: &serde_json::Value) -> Vec<String> {
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".to_owned(),
        other => other.to_string(),
    };
    changes
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(field, c)| match c.get("from") {
                    Some(from) => format!("{field}: {} → {}", show(from), show(&c["to"])),
                    None => format!("{field}: {}", show(&c["to"])),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The events as a table.
fn events_table(items: &[AuditEventView]) -> AnyView {
    view! {
        <div class="table-wrap">
            <table class="table audit-table">
                <thead>
                    <tr>
                        <th scope="col">"When (UTC)"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Changes"</th>
                        <th scope="col">"From"</th>
                    </tr>
                </thead>
                <tbody>
                    {items.iter().map(|e| view! {
                        <tr>
                            <td class="nowrap">{e.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                            <td class="wrap-anywhere">{e.actor.clone()}<br /><span class="muted">{e.actor_kind.replace('_', " ")}</span></td>
                            <td><code>{e.action.clone()}</code><br /><span class="muted">{format!("{} {}", e.object_type, e.object_id.clone().unwrap_or_default())}</span></td>
                            <td><ul class="plain-list">{change_lines(&e.changes).into_iter().map(|l| view! { <li class="wrap-anywhere">{l}</li> }).collect_view()}</ul></td>
                            <td class="mono">{e.ip.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The Activity page.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let session = use_session();
    let action = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let applied = RwSignal::new(AuditQuery::default());
    let before = RwSignal::new(None::<i64>);
    let alert = RwSignal::new(None::<String>);
    let events: LocalResource<Result<Page<AuditEventView>, ApiError>> =
        LocalResource::new(move || {
            let mut q = applied.get();
            q.before = before.get().map(|b| b.to_string());
            let token = token(session);
            async move { api::list_events(&token?, &q).await }
        });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|s| !s.is_empty())
        };
        before.set(None);
        applied.set(AuditQuery {
            action: text(action),
            from: text(from),
            to: text(to),
            ..AuditQuery::default()
        });
    };
    let export = move |_| {
        let q = applied.get_untracked();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        spawn_local(async move {
            match api::export_events(&token, &q).await {
                Ok((name, text)) => {
                    let name = name.unwrap_or_else(|| "activity.csv".into());
                    if save_file(&name, &text).is_none() {
                        alert.set(Some("The browser could not save the file.".into()));
                    }
                }
                Err(e) => alert.set(Some(e.message)),
            }
        });
    };
    view! {
        <h1>"Activity"</h1>
        <p class="muted">"Every change to money, prices, the team and settings, and every sign-in: who, when, what and from where. The log cannot be edited; " <code>"ringledger audit verify"</code> " proves it whole."</p>
        <form class="form filters" on:submit=on_submit>
            <label for="activity-action">"Action starts with"</label>
            <input id="activity-action" type="search" placeholder="balance. or auth.login_failed" prop:value=move || action.get() on:input=move |ev| action.set(event_target_value(&ev)) />
            <label for="activity-from">"From"</label>
            <input id="activity-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
            <label for="activity-to">"To"</label>
            <input id="activity-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
            <button type="submit" class="button">"Filter"</button>
            <button type="button" class="button button-secondary" on:click=export>"Export CSV"</button>
        </form>
        <FormAlert message=alert />
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading activity…"</p> }>
            {move || events.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(page) if page.items.is_empty() => view! {
                    <EmptyState title="Nothing recorded here" message="Changes and sign-ins appear as they happen." />
                }.into_any(),
                Ok(page) => {
                    let last = page.items.last().map(|e| e.seq);
                    let full = page.items.len() >= 100;
                    view! {
                        {events_table(&page.items)}
                        <p>
                            {before.get().map(|_| view! {
                                <button type="button" class="button button-secondary" on:click=move |_| before.set(None)>"Newest"</button>
                            })}
                            " "
                            {(full && last.is_some()).then(|| view! {
                                <button type="button" class="button button-secondary" on:click=move |_| before.set(last)>"Older"</button>
                            })}
                        </p>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// One customer's history (the newest 50 events concerning them).
#[component]
pub fn AuditTrail(customer_id: uuid::Uuid) -> impl IntoView {
    let session = use_session();
    let events: LocalResource<Result<Page<AuditEventView>, ApiError>> =
        LocalResource::new(move || {
            let q = AuditQuery {
                customer_id: Some(customer_id.to_string()),
                limit: Some("50".into()),
                ..AuditQuery::default()
            };
            let token = token(session);
            async move { api::list_events(&token?, &q).await }
        });
    view! {
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">"History"</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading history…"</p> }>
                {move || events.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(page) if page.items.is_empty() => view! {
                        <p class="muted">"No changes recorded for this customer yet."</p>
                    }.into_any(),
                    Ok(page) => events_table(&page.items),
                })}
            </Transition>
        </section>
    }
}
