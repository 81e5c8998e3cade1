//! `/console/customers`: the seller's customers (search, service filter,
//! paging, "New customer") and `/console/customers/:id` with its bundles,
//! Suspend / Close / Reactivate, its payments and its statement.

mod detail;
mod itemized;
mod new_customer;
mod numbers;

pub use detail::CustomerDetail;

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{
    ChoiceField, EmptyState, FormErrors, ListUrl, Pager, SortHead, TextField, load_error,
};
use crate::contexts::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use new_customer::{CreatedCustomer, NewCustomer};
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::PlanView;
use ringledger_shared::api::customers::{CustomerView, ServiceView};
use ringledger_shared::rating::ServiceKind;

/// Customers per page.
const PAGE_SIZE: u64 = 25;

/// The columns the list sorts by (the server's names).
const SORT_COLUMNS: &[&str] = &["name", "email", "status", "created_at"];

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
    // Search, service, order and page live in the address.
    let url = ListUrl::new(SORT_COLUMNS);
    let q = RwSignal::new(url.param_untracked("q"));
    let service = RwSignal::new(url.param_untracked("service"));
    let errors = FormErrors::default();
    let list: LocalResource<Result<Page<CustomerView>, ApiError>> = LocalResource::new(move || {
        let (q, service, sort) = (url.param("q"), url.param("service"), url.sort_param());
        let offset = url.page() * PAGE_SIZE;
        let token = token(session);
        async move { api::list_customers(&token?, (&q, &service, &sort), offset, PAGE_SIZE).await }
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
        url.set(&[
            ("q", q.get_untracked()),
            ("service", service.get_untracked()),
        ]);
    };
    let form_open = RwSignal::new(false);
    let created = RwSignal::new(None::<(CustomerView, Vec<PlanView>)>);
    let on_created = move |c: CustomerView, plans: Vec<PlanView>| {
        form_open.set(false);
        created.set(Some((c, plans)));
        list.refetch();
    };
    view! {
        <h1>"Customers"</h1>
        <div class="toolbar">
            <button type="button" class="button" aria-expanded=move || form_open.get().to_string()
                on:click=move |_| {
                    created.set(None);
                    form_open.update(|o| *o = !*o);
                }>
                "New customer"
            </button>
        </div>
        {move || created.get().map(|(c, plans)| view! { <CreatedCustomer customer=c plans=plans /> })}
        <Show when=move || form_open.get()>
            <NewCustomer on_created=on_created on_cancel=move || form_open.set(false) />
        </Show>
        <form class="search" role="search" on:submit=on_search>
            <TextField id="customer-q" field="q" label="Search name or e-mail" value=q errors=errors />
            <ChoiceField id="customer-service" field="service" label="Service" value=service errors=errors options=service_options />
            <button type="submit" class="button">"Search"</button>
        </form>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading customers…"</p> }>
            {move || list.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(page) => {
                    let (q, service) = (url.param_untracked("q"), url.param_untracked("service"));
                    if page.items.is_empty() && url.page() == 0 {
                        let filtered = !q.trim().is_empty() || !service.is_empty();
                        return if filtered {
                            view! { <EmptyState title="No customers match" message="Try another name, e-mail or service." /> }.into_any()
                        } else {
                            view! { <EmptyState title="No customers yet" message="Customers who sign up on your portal, or whom you create with “New customer”, show here with their services." /> }.into_any()
                        };
                    }
                    let shown = page.items.len() as u64;
                    let total = page.total;
                    // A parent sees its resellers' customers too: then say who sells to whom.
                    let mine = session.me().and_then(|m| m.seller_id).map(|s| s.as_uuid());
                    let mixed = page.items.iter().any(|c| c.seller_id.is_some() && c.seller_id != mine);
                    view! {
                        <div class="table-wrap">
                            <table class="table">
                                <caption class="visually-hidden">"Customers"</caption>
                                <thead>
                                    <tr>
                                        <SortHead list=url column="name" label="Name" />
                                        <SortHead list=url column="email" label="Email" />
                                        <SortHead list=url column="status" label="Status" />
                                        <th scope="col">"Services"</th>
                                        <SortHead list=url column="created_at" label="Signed up" />
                                        {mixed.then(|| view! { <th scope="col">"Sold by"</th> })}
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
                                            {mixed.then(|| view! { <td>{c.seller_name.clone()}</td> })}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Pager list=url total=total shown=shown page_size=PAGE_SIZE what="Customers" />
                    }.into_any()
                }
            })}
        </Transition>
    }
}
