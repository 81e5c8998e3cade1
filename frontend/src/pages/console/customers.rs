//! `/console/customers`: the seller's customers (search, service filter,
//! paging) and `/console/customers/:id` with Suspend / Close / Reactivate.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{ChoiceField, EmptyState, FormAlert, FormErrors, TextField, capitalised};
use crate::contexts::use_session;
use crate::pages::portal::with_plus;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::{CustomerView, ServiceView};
use ringledger_shared::rating::ServiceKind;
use uuid::Uuid;

/// Customers per page.
const PAGE_SIZE: u64 = 25;

fn status_badge(status: &str) -> impl IntoView + use<> {
    let class = if status == "active" {
        "badge badge-ok"
    } else {
        "badge badge-warn"
    };
    view! { <span class=class>{status.replace('_', " ")}</span> }
}

fn services_text(services: &[ServiceView]) -> String {
    if services.is_empty() {
        return "—".to_owned();
    }
    ServiceKind::ALL
        .iter()
        .filter_map(|k| {
            let n = services.iter().filter(|s| s.kind == *k).count();
            match n {
                0 => None,
                1 => Some(k.label().to_owned()),
                n => Some(format!("{} × {n}", k.label())),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The customers list.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let session = use_session();
    let q = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    // What the list shows: (search, service, offset).
    let applied = RwSignal::new((String::new(), String::new(), 0u64));
    let errors = FormErrors::default();
    let list: LocalResource<Result<Page<CustomerView>, ApiError>> = LocalResource::new(move || {
        let (q, service, offset) = applied.get();
        let token = token(session);
        async move { api::list_customers(&token?, &q, &service, offset, PAGE_SIZE).await }
    });
    let service_options = Signal::derive(|| {
        let mut v = vec![(String::new(), "All services".to_owned())];
        v.extend(
            ServiceKind::ALL
                .iter()
                .map(|k| (k.as_str().to_owned(), k.label().to_owned())),
        );
        v
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        applied.set((q.get_untracked(), service.get_untracked(), 0));
    };
    let go = move |offset: u64| applied.update(|a| a.2 = offset);
    view! {
        <h1>"Customers"</h1>
        <form class="search" role="search" on:submit=on_search>
            <TextField id="customer-q" field="q" label="Search name or e-mail" value=q errors=errors />
            <ChoiceField id="customer-service" field="service" label="Service" value=service errors=errors options=service_options />
            <button type="submit" class="button">"Search"</button>
        </form>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading customers…"</p> }>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <p class="form-alert" role="alert">{capitalised(&e.message)}</p> }.into_any(),
                Ok(page) => {
                    let (q, service, offset) = applied.get_untracked();
                    if page.items.is_empty() {
                        let filtered = !q.trim().is_empty() || !service.is_empty();
                        return if filtered {
                            view! { <EmptyState title="No customers match" message="Try another name, e-mail or service." /> }.into_any()
                        } else {
                            view! { <EmptyState title="No customers yet" message="Customers who sign up on your portal show here, with their services." /> }.into_any()
                        };
                    }
                    let shown = page.items.len() as u64;
                    let total = page.total;
                    view! {
                        <p class="muted" role="status">{format!("Customers {}–{} of {}", offset + 1, offset + shown, total)}</p>
                        <div class="table-wrap">
                            <table class="table">
                                <caption class="visually-hidden">"Customers"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Email"</th>
                                        <th scope="col">"Status"</th>
                                        <th scope="col">"Services"</th>
                                        <th scope="col">"Signed up"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.items.into_iter().map(|c| view! {
                                        <tr>
                                            <th scope="row"><A href=format!("/console/customers/{}", c.id)>{c.name.clone()}</A></th>
                                            <td>{c.email.clone()}</td>
                                            <td>{status_badge(&c.status)}</td>
                                            <td>{services_text(&c.services)}</td>
                                            <td>{c.created_at.format("%Y-%m-%d").to_string()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <div class="pager">
                            <button type="button" class="button button-secondary button-small" disabled=offset == 0
                                on:click=move |_| go(offset.saturating_sub(PAGE_SIZE))>"Previous page"</button>
                            <button type="button" class="button button-secondary button-small" disabled=offset + shown >= total
                                on:click=move |_| go(offset + PAGE_SIZE)>"Next page"</button>
                        </div>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// One customer.
#[component]
pub fn CustomerDetail() -> impl IntoView {
    let params = use_params_map();
    let session = use_session();
    let id = move || params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok()));
    let customer: LocalResource<Result<CustomerView, ApiError>> = LocalResource::new(move || {
        let id = id();
        let token = token(session);
        async move {
            let id = id.ok_or_else(|| ApiError {
                status: 404,
                code: ringledger_shared::ErrorCode::NotFound,
                message: "No such customer.".to_owned(),
                field: None,
                problems: Vec::new(),
            })?;
            api::get_customer(&token?, id).await
        }
    });
    // The latest answer of an action replaces the loaded customer.
    let updated = RwSignal::new(None::<CustomerView>);
    // Outside the re-rendered body, so they outlive an action's re-render.
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    view! {
        <p class="breadcrumb"><A href="/console/customers">"Customers"</A></p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading the customer…"</p> }>
            {move || customer.get().map(|r| match r {
                Err(e) => view! {
                    <h1>"Customer"</h1>
                    <p class="form-alert" role="alert">{capitalised(&e.message)}</p>
                }.into_any(),
                Ok(c) => {
                    let c = updated.get().filter(|u| u.id == c.id).unwrap_or(c);
                    customer_view(c, updated, done, error)
                }
            })}
        </Transition>
    }
}

fn customer_view(
    c: CustomerView,
    updated: RwSignal<Option<CustomerView>>,
    done: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
) -> AnyView {
    let session = use_session();
    let busy = RwSignal::new(false);
    let id = c.id;
    let act = move |action: &'static str, confirm: Option<&'static str>| {
        if let Some(question) = confirm {
            let ok = web_sys::window()
                .and_then(|w| w.confirm_with_message(question).ok())
                .unwrap_or(false);
            if !ok {
                return;
            }
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::set_customer_status(&token, id, action).await {
                Ok(c) => {
                    done.set(Some(format!(
                        "Customer is now {}.",
                        c.status.replace('_', " ")
                    )));
                    updated.set(Some(c));
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let a = &c.account;
    let money = if a.kind == "postpaid" {
        ("Credit limit", format!("{} {}", a.credit_limit, a.currency))
    } else {
        ("Balance", format!("{} {}", a.balance, a.currency))
    };
    let can_suspend = c.status == "active" || c.status == "pending_verification";
    let can_reactivate = c.status == "suspended";
    let can_close = c.status != "closed";
    view! {
        <h1>{c.name.clone()}</h1>
        <dl class="facts">
            <div><dt>"Email"</dt><dd>{c.email.clone()} {if c.email_verified { " (verified)" } else { " (not verified)" }}</dd></div>
            <div><dt>"Status"</dt><dd>{status_badge(&c.status)}</dd></div>
            <div><dt>{money.0}</dt><dd>{money.1}</dd></div>
            <div><dt>"Signed up"</dt><dd>{c.created_at.format("%Y-%m-%d %H:%M UTC").to_string()}</dd></div>
        </dl>
        <div class="toolbar">
            {can_suspend.then(|| view! {
                <button type="button" class="button button-secondary" disabled=move || busy.get() on:click=move |_| act("suspend", None)>"Suspend"</button>
            })}
            {can_reactivate.then(|| view! {
                <button type="button" class="button" disabled=move || busy.get() on:click=move |_| act("reactivate", None)>"Reactivate"</button>
            })}
            {can_close.then(|| view! {
                <button type="button" class="button button-secondary" disabled=move || busy.get()
                    on:click=move |_| act("close", Some("Close this account? Its services stop working."))>"Close"</button>
            })}
        </div>
        <FormAlert message=error />
        {move || done.get().map(|m| view! { <p class="form-done" role="status">{m}</p> })}
        <h2>"Services"</h2>
        {if c.services.is_empty() {
            view! { <EmptyState title="No services" message="This customer has no services." /> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="table">
                        <caption class="visually-hidden">"Services"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Service"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Identifiers"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {c.services.iter().map(|s| {
                                let mut ids = Vec::new();
                                if let Some(serial) = &s.serial { ids.push(format!("Serial {serial}")); }
                                ids.extend(s.anis.iter().map(|n| with_plus(n)));
                                if let Some(u) = &s.username { ids.push(format!("User {u}")); }
                                view! {
                                    <tr>
                                        <th scope="row">{s.kind.label()}</th>
                                        <td>{status_badge(&s.status)}</td>
                                        <td class="wrap">{ids.join(", ")}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
    .into_any()
}
