//! `/console/customers`: the seller's customers (search, service filter,
//! paging, "New customer") and `/console/customers/:id` with its bundles,
//! Suspend / Close / Reactivate, its payments and its statement.

use super::catalog::token;
use super::customer_payments::CustomerPayments;
use super::customer_statement::CustomerStatement;
use super::load_by_id;
use crate::api::{self, ApiError};
use crate::components::{
    ChoiceField, EmptyState, FormAlert, FormErrors, TextField, capitalised, load_error,
};
use crate::contexts::use_session;
use crate::pages::portal::signup::{local_field, without_field};
use crate::pages::portal::{ServiceSummary, plan_text, with_plus};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::{BundleView, PlanView};
use ringledger_shared::api::customers::{
    CustomerSignupRequest, CustomerView, ServiceRequest, ServiceView, SubscriptionView,
};
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::validate::{DisplayName, Email, NewPassword};
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
                    let (q, service, offset) = applied.get_untracked();
                    if page.items.is_empty() {
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
                        <div class="pager">
                            <button type="button" class="button button-secondary button-small" disabled=offset == 0
                                on:click=move |_| go(offset.saturating_sub(PAGE_SIZE))>"Previous page"</button>
                            <button type="button" class="button button-secondary button-small" disabled={offset + shown >= total}
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
    let customer = load_by_id("No such customer.", |token, id| async move {
        api::get_customer(&token, id).await
    });
    // The latest answer of an action replaces the loaded customer.
    let updated = RwSignal::new(None::<CustomerView>);
    // Outside the re-rendered body, so they outlive an action's re-render.
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    // A payment or refund changes the balance: load the customer again.
    // It also changes the statement.
    let changes = RwSignal::new(0u32);
    let reload = Callback::new(move |()| {
        updated.set(None);
        customer.refetch();
        changes.update(|n| *n += 1);
    });
    // The payments block stays (with its messages) while the customer
    // reloads: it is rebuilt only for another customer.
    let loaded = Memo::new(
        move |prev: Option<&Option<(Uuid, String)>>| match customer.get() {
            Some(Ok(c)) => Some((c.id, c.account.currency.clone())),
            Some(Err(_)) => None,
            None => prev.cloned().flatten(),
        },
    );
    view! {
        <p class="breadcrumb"><A href="/console/customers">"Customers"</A></p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading the customer…"</p> }>
            {move || customer.get().map(|r| match r {
                Err(e) => view! {
                    <h1>"Customer"</h1>
                    {load_error(&e)}
                }.into_any(),
                Ok(c) => {
                    let c = updated.get().filter(|u| u.id == c.id).unwrap_or(c);
                    customer_view(c, updated, done, error)
                }
            })}
        </Transition>
        {move || loaded.get().map(|(id, currency)| view! {
            <CustomerPayments customer_id=id currency=currency on_change=reload />
            <CustomerStatement customer_id=id changes=changes />
        })}
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
            <div><dt>"Account"</dt><dd>{capitalised_word(&a.kind)}</dd></div>
            <div><dt>{money.0}</dt><dd>{money.1}</dd></div>
            <div><dt>"Billing day"</dt><dd>{a.billing_day}</dd></div>
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
            <A href=format!("/console/calls?customer_id={id}") attr:class="button button-secondary">"Calls"</A>
        </div>
        <FormAlert message=error />
        {move || done.get().map(|m| view! { <p class="form-done" role="status">{m}</p> })}
        {bundles_view(&c.bundles)}
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

/// `prepaid` → `Prepaid`.
fn capitalised_word(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Seconds as minutes: `30000` → `500`, `90` → `1.5` (tenths, rounded down).
fn minutes(secs: u64) -> String {
    let (whole, rest) = (secs / 60, secs % 60);
    match rest * 10 / 60 {
        0 if rest == 0 => whole.to_string(),
        tenths => format!("{whole}.{tenths}"),
    }
}

/// "North America: 500 of 500 minutes left".
fn allowance_text(group: &str, remaining_secs: u64, included_secs: u64) -> String {
    format!(
        "{group}: {} of {} minutes left",
        minutes(remaining_secs),
        minutes(included_secs)
    )
}

/// The customer's bundle subscriptions with what is left of each allowance.
fn bundles_view(bundles: &[SubscriptionView]) -> Option<AnyView> {
    if bundles.is_empty() {
        return None;
    }
    Some(
        view! {
            <section aria-labelledby="bundles-heading">
                <h2 id="bundles-heading">"Bundles"</h2>
                <div class="allowances">
                    {bundles.iter().map(|b| {
                        let kinds = b.bundle.service_kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(", ");
                        let status = b.status.clone();
                        view! {
                            <section class="allowance" aria-label=b.bundle.name.clone()>
                                <h3>{b.bundle.name.clone()} " " {status_badge(&status)}</h3>
                                <p class="muted">
                                    {format!("{} {} a month", b.bundle.monthly_fee, b.bundle.currency)}
                                    {(!kinds.is_empty()).then(|| format!(" · {kinds}"))}
                                    {format!(" · since {}", b.started_at.format("%Y-%m-%d"))}
                                </p>
                                {if b.allowances_left.is_empty() {
                                    view! { <p class="muted">"No minutes included."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="plain">
                                            {b.allowances_left.iter().map(|a| view! {
                                                <li>{allowance_text(&a.group_name, a.remaining_secs, a.included_secs)}</li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }
                    }).collect_view()}
                </div>
            </section>
        }
        .into_any(),
    )
}

/// The customer just created, with every credential shown once.
#[component]
fn CreatedCustomer(customer: CustomerView, plans: Vec<PlanView>) -> impl IntoView {
    let plan_name = move |id: Option<Uuid>| {
        id.and_then(|id| plans.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())
    };
    let href = format!("/console/customers/{}", customer.id);
    view! {
        <section class="notice notice-ok" role="status" aria-labelledby="created-heading">
            <h2 id="created-heading">{format!("Customer “{}” created", customer.name)}</h2>
            <p>
                <strong>"Write these down now:"</strong>
                " PINs and passwords are shown only this once. The customer confirms "
                {customer.email.clone()}
                " by the link we e-mailed, then signs in."
            </p>
            <div class="service-grid">
                {customer.services.into_iter().map(|s| match plan_name(s.plan_id) {
                    Some(p) => view! { <ServiceSummary service=s plan=p /> }.into_any(),
                    None => view! { <ServiceSummary service=s /> }.into_any(),
                }).collect_view()}
            </div>
            <p><A href=href>"Open the customer"</A></p>
        </section>
    }
}

/// One phone number of a PINless service in the form.
#[derive(Debug, Clone, Copy)]
struct AniRow {
    key: u32,
    number: RwSignal<String>,
}

/// One service of the form; field names come from the stable `key`
/// (`svc-3-plan`), so removing a row keeps every error beside its input.
#[derive(Debug, Clone, Copy)]
struct ServiceRow {
    key: u32,
    kind: RwSignal<String>,
    plan: RwSignal<String>,
    anis: RwSignal<Vec<AniRow>>,
}

/// The active plans and bundles the form offers.
type Offers = (Vec<PlanView>, Vec<BundleView>);

/// The "New customer" form: loads the plans and bundles, then the form.
#[component]
fn NewCustomer(
    on_created: impl Fn(CustomerView, Vec<PlanView>) + Clone + Send + Sync + 'static,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let catalog: LocalResource<Result<Offers, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move {
            let token = token?;
            let plans = api::list_plans(&token).await?;
            let bundles = api::list_bundles(&token).await?;
            Ok((
                plans.items.into_iter().filter(|p| p.active).collect(),
                bundles.items.into_iter().filter(|b| b.active).collect(),
            ))
        }
    });
    view! {
        <section class="catalog-form" aria-labelledby="new-customer-heading">
            <h2 id="new-customer-heading">"New customer"</h2>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading plans and bundles…"</p> }>
                {move || {
                    let on_created = on_created.clone();
                    let on_cancel = on_cancel.clone();
                    catalog.get().map(move |r| match r {
                        Ok((plans, bundles)) => view! {
                            <NewCustomerForm plans=plans bundles=bundles on_created=on_created on_cancel=on_cancel />
                        }.into_any(),
                        Err(e) => load_error(&e),
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn NewCustomerForm(
    plans: Vec<PlanView>,
    bundles: Vec<BundleView>,
    on_created: impl Fn(CustomerView, Vec<PlanView>) + Clone + Send + Sync + 'static,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let plans = StoredValue::new(plans);
    let bundles = StoredValue::new(bundles);
    let next_key = StoredValue::new(0u32);
    let fresh_key = move || {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        k
    };
    let first_kind = plans.with_value(|p| {
        p.first().map_or_else(
            || ServiceKind::CallingCard.as_str().to_owned(),
            |p| p.service_kind.as_str().to_owned(),
        )
    });
    let new_row = move |kind: String| ServiceRow {
        key: fresh_key(),
        kind: RwSignal::new(kind),
        plan: RwSignal::new(String::new()),
        anis: RwSignal::new(vec![AniRow {
            key: fresh_key(),
            number: RwSignal::new(String::new()),
        }]),
    };
    let rows = RwSignal::new(vec![new_row(first_kind.clone())]);
    let bundle = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let bundle_kinds = Signal::derive(move || {
        let id = bundle.with(|b| Uuid::parse_str(b).ok());
        bundles.with_value(|bs| {
            id.and_then(|id| bs.iter().find(|b| b.id == id))
                .map(|b| b.service_kinds.clone())
                .unwrap_or_default()
        })
    });
    let bundle_options = Signal::derive(move || {
        let mut v = vec![(String::new(), "No bundle".to_owned())];
        bundles.with_value(|bs| {
            v.extend(bs.iter().map(|b| {
                (
                    b.id.to_string(),
                    format!("{} — {} {} a month", b.name, b.monthly_fee, b.currency),
                )
            }));
        });
        v
    });
    let has_bundles = bundles.with_value(|b| !b.is_empty());
    let no_plans = plans.with_value(Vec::is_empty) && !has_bundles;

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        let mut invalid: Vec<(String, String)> = Vec::new();
        for e in [
            DisplayName::parse("name", &name.get_untracked()).err(),
            Email::parse("email", &email.get_untracked()).err(),
            NewPassword::parse("password", &password.get_untracked()).err(),
        ]
        .into_iter()
        .flatten()
        {
            invalid.push((e.field.to_owned(), e.message));
        }
        let in_bundle = bundle_kinds.get_untracked();
        let rows_now = rows.get_untracked();
        let mut services = Vec::with_capacity(rows_now.len());
        let mut keys = Vec::with_capacity(rows_now.len());
        for row in &rows_now {
            let kind = row.kind.get_untracked();
            let parsed = ServiceKind::parse(&kind);
            let plan_id = row.plan.with_untracked(|p| Uuid::parse_str(p).ok());
            if plan_id.is_none() && !parsed.is_some_and(|k| in_bundle.contains(&k)) {
                invalid.push((
                    format!("svc-{}-plan", row.key),
                    "Choose a plan for this service.".to_owned(),
                ));
            }
            let ani_rows = row.anis.get_untracked();
            let mut anis = Vec::new();
            if parsed == Some(ServiceKind::Pinless) {
                for a in &ani_rows {
                    let n = a.number.get_untracked().trim().to_owned();
                    if n.is_empty() {
                        invalid.push((
                            format!("svc-{}-ani-{}", row.key, a.key),
                            "Enter a number the customer calls from, e.g. +44 20 7946 0000."
                                .to_owned(),
                        ));
                    }
                    anis.push(n);
                }
                keys.push((row.key, ani_rows.iter().map(|a| a.key).collect::<Vec<_>>()));
            } else {
                keys.push((row.key, Vec::new()));
            }
            services.push(ServiceRequest {
                kind,
                plan_id,
                anis,
            });
        }
        if services.is_empty() && in_bundle.is_empty() {
            invalid.push((
                "services".to_owned(),
                "Choose at least one service or a bundle.".to_owned(),
            ));
        }
        if !invalid.is_empty() {
            return errors.set_pairs(invalid);
        }
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let request = CustomerSignupRequest {
            name: name.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            bundle_id: bundle.with_untracked(|b| Uuid::parse_str(b).ok()),
            services,
        };
        pending.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_customer(&token, &request).await {
                Ok(r) => {
                    pending.set(false);
                    // Last: this closes the form (and disposes its signals).
                    on_created(r.customer, plans.get_value());
                }
                Err(e) => {
                    match &e.field {
                        Some(field) => {
                            let message = without_field(field, &e.message).to_owned();
                            errors.set_pairs(vec![(local_field(field, &keys), message)]);
                        }
                        None => form_error.set(Some(e.message)),
                    }
                    pending.set(false);
                }
            }
        });
    };

    let remove_row = move |key: u32| rows.update(|r| r.retain(|x| x.key != key));
    let row_view = move |row: ServiceRow| {
        let key = row.key;
        let number =
            move || rows.with(|r| r.iter().position(|x| x.key == key).map_or(0, |i| i + 1));
        let kind_options = Signal::derive(|| {
            ServiceKind::ALL
                .iter()
                .map(|k| (k.as_str().to_owned(), k.label().to_owned()))
                .collect::<Vec<_>>()
        });
        // A new kind: the plan of the old one no longer fits.
        Effect::new(move |prev: Option<String>| {
            let k = row.kind.get();
            if prev.is_some_and(|p| p != k) {
                row.plan.set(String::new());
            }
            k
        });
        let plan_options = Signal::derive(move || {
            let kind = row.kind.get();
            let included =
                ServiceKind::parse(&kind).is_some_and(|k| bundle_kinds.get().contains(&k));
            let first = if included {
                "Included in the bundle"
            } else {
                "Choose a plan"
            };
            let mut v = vec![(String::new(), first.to_owned())];
            plans.with_value(|ps| {
                v.extend(
                    ps.iter()
                        .filter(|p| p.service_kind.as_str() == kind)
                        .map(|p| (p.id.to_string(), plan_text(p))),
                );
            });
            v
        });
        let is_pinless = move || row.kind.with(|k| k == ServiceKind::Pinless.as_str());
        let add_number = move |_| {
            let k = fresh_key();
            row.anis.update(|a| {
                a.push(AniRow {
                    key: k,
                    number: RwSignal::new(String::new()),
                });
            });
        };
        let anis_error = move || errors.get(&format!("svc-{key}-anis"));
        let ani_view = move |ani: AniRow| {
            let akey = ani.key;
            let count = move || row.anis.with(Vec::len);
            let position = move || {
                row.anis
                    .with(|a| a.iter().position(|x| x.key == akey).map_or(0, |i| i + 1))
            };
            view! {
                <div class="ani-row">
                    <TextField
                        id=format!("svc-{key}-ani-{akey}")
                        label="Phone number"
                        value=ani.number
                        errors=errors
                        input_type="tel"
                        placeholder="+44 20 7946 0000"
                        inputmode="tel"
                    />
                    <Show when=move || { count() > 1 }>
                        <button
                            type="button"
                            class="button button-secondary button-small"
                            aria-label=move || format!("Remove phone number {}", position())
                            on:click=move |_| row.anis.update(|a| a.retain(|x| x.key != akey))
                        >
                            "Remove"
                        </button>
                    </Show>
                </div>
            }
        };
        view! {
            <fieldset class="service-row">
                <legend>{move || format!("Service {}", number())}</legend>
                <div class="field-row">
                    <ChoiceField id=format!("svc-{key}-kind") label="Service" value=row.kind errors=errors options=kind_options />
                    <ChoiceField id=format!("svc-{key}-plan") label="Plan" value=row.plan errors=errors options=plan_options />
                </div>
                <Show when=is_pinless>
                    <div class="anis">
                        <p class="field-hint">"The numbers the customer calls from, in international format. Calls from them need no PIN."</p>
                        <For each=move || row.anis.get() key=|a| a.key children=ani_view />
                        {move || anis_error().map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
                        <button type="button" class="button button-secondary button-small" on:click=add_number>
                            "Add another number"
                        </button>
                    </div>
                </Show>
                <button
                    type="button"
                    class="button button-secondary button-small"
                    aria-label=move || format!("Remove service {}", number())
                    on:click=move |_| remove_row(key)
                >
                    "Remove this service"
                </button>
            </fieldset>
        }
    };

    let add_row = move |_| {
        let kind = first_kind.clone();
        rows.update(|r| r.push(new_row(kind)));
    };

    view! {
        {no_plans.then(|| view! {
            <div class="notice notice-warning" role="status">
                "You have no active plans or bundles yet. Create them under "
                <A href="/console/catalog/plans">"Catalog → Plans"</A>
                " first."
            </div>
        })}
        <form class="form signup-form" on:submit=on_submit novalidate>
            <FormAlert message=form_error />
            <TextField id="new-customer-name" field="name" label="Name" value=name errors=errors required=true />
            <TextField id="new-customer-email" field="email" label="Email" value=email errors=errors input_type="email" required=true
                hint=|| "The customer confirms it by a link we e-mail, then signs in with it." />
            <TextField
                id="new-customer-password"
                field="password"
                label="Password"
                value=password
                errors=errors
                input_type="password"
                autocomplete="new-password"
                required=true
                hint=|| "At least 8 characters. Tell it to the customer; they can change it in their account."
            />
            <h3>"Services"</h3>
            <For each=move || rows.get() key=|r| r.key children=row_view />
            {move || errors.get("services").map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
            <div>
                <button type="button" class="button button-secondary" on:click=add_row>
                    "Add another service"
                </button>
            </div>
            {has_bundles.then(|| view! {
                <ChoiceField
                    id="new-customer-bundle"
                    field="bundle_id"
                    label="Bundle (optional)"
                    value=bundle
                    errors=errors
                    options=bundle_options
                    hint="A bundle includes services and minutes for one monthly price."
                />
            })}
            <div class="toolbar">
                <button type="submit" class="button" disabled=move || pending.get()>
                    {move || if pending.get() { "Creating the customer…" } else { "Create customer" }}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::{allowance_text, capitalised_word, local_field, minutes, without_field};

    #[test]
    fn allowances_read_in_minutes() {
        assert_eq!(
            allowance_text("North America", 30_000, 30_000),
            "North America: 500 of 500 minutes left"
        );
        assert_eq!(minutes(90), "1.5");
        assert_eq!(minutes(61), "1.0");
        assert_eq!(minutes(0), "0");
    }

    #[test]
    fn words() {
        assert_eq!(capitalised_word("postpaid"), "Postpaid");
        assert_eq!(capitalised_word(""), "");
    }

    #[test]
    fn server_fields_map_to_rows() {
        let rows = vec![(0, vec![]), (4, vec![5, 9])];
        assert_eq!(local_field("email", &rows), "email");
        assert_eq!(local_field("services[0].plan_id", &rows), "svc-0-plan");
        assert_eq!(local_field("services[1].anis[1]", &rows), "svc-4-ani-9");
        assert_eq!(local_field("services[1].anis", &rows), "svc-4-anis");
        assert_eq!(local_field("services[7].kind", &rows), "services");
        assert_eq!(without_field("email", "email: taken"), "taken");
    }
}
