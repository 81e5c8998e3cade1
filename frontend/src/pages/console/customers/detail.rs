//! `/console/customers/:id`: one customer with its bundles, services,
//! Suspend / Close / Reactivate, its payments and its statement.

use super::itemized::ItemizedToggle;
use super::numbers::CustomerNumbers;
use super::status_badge;
use crate::api;
use crate::components::{EmptyState, FormAlert, load_error, money};
use crate::contexts::use_session;
use crate::pages::console::activity::AuditTrail;
use crate::pages::console::catalog::token;
use crate::pages::console::customer_payments::CustomerPayments;
use crate::pages::console::customer_statement::CustomerStatement;
use crate::pages::console::fraud::customer::CustomerFraudPanel;
use crate::pages::console::load_by_id;
use crate::pages::portal::with_plus;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use ringledger_shared::access::Permission;
use ringledger_shared::api::customers::{CustomerView, SubscriptionView};
use ringledger_shared::api::routes;
use ringledger_shared::rating::ServiceKind;
use uuid::Uuid;

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
            {untrack(move || use_session().can(Permission::Audit)).then(|| view! {
                <AuditTrail customer_id=id />
            })}
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
    let service_labels: Vec<(Uuid, String)> = c
        .services
        .iter()
        .map(|s| {
            let label = match (&s.username, s.anis.first()) {
                (Some(u), _) => format!("{} {u}", s.kind.label()),
                (None, Some(n)) => format!("{} {}", s.kind.label(), with_plus(n)),
                _ => s.kind.label().to_owned(),
            };
            (s.id, label)
        })
        .collect();
    let phones: Vec<(Uuid, String)> = c
        .services
        .iter()
        .filter(|s| matches!(s.kind, ServiceKind::Sip | ServiceKind::Video) && s.status != "closed")
        .filter_map(|s| service_labels.iter().find(|(id, _)| *id == s.id).cloned())
        .collect();
    let act = move |action: routes::Route, confirm: Option<&'static str>| {
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
    let figure = if a.kind == "postpaid" {
        ("Credit limit", money(a.credit_limit, &a.currency))
    } else {
        ("Balance", money(a.balance, &a.currency))
    };
    let can_suspend = c.status == "active" || c.status == "pending_verification";
    let can_reactivate = c.status == "suspended";
    let can_close = c.status != "closed";
    view! {
        <h1>{c.name.clone()}</h1>
        <dl class="facts">
            <div><dt>"Email"</dt><dd>{c.email.clone()} {if c.email_verified { " (verified)" } else { " (not verified)" }}</dd></div>
            <div><dt>"Status"</dt><dd>{status_badge(&c.status)}</dd></div>
            <div><dt>"Account"</dt><dd>{crate::components::upper_first(&a.kind)}</dd></div>
            <div><dt>{figure.0}</dt><dd>{figure.1}</dd></div>
            <div><dt>"Billing day"</dt><dd>{a.billing_day}</dd></div>
            <div><dt>"Signed up"</dt><dd>{c.created_at.format("%Y-%m-%d %H:%M UTC").to_string()}</dd></div>
        </dl>
        <div class="toolbar">
            {can_suspend.then(|| view! {
                <button type="button" class="button button-secondary" disabled=move || busy.get() on:click=move |_| act(routes::SUSPEND_CUSTOMER, None)>"Suspend"</button>
            })}
            {can_reactivate.then(|| view! {
                <button type="button" class="button" disabled=move || busy.get() on:click=move |_| act(routes::REACTIVATE_CUSTOMER, None)>"Reactivate"</button>
            })}
            {can_close.then(|| view! {
                <button type="button" class="button button-danger" disabled=move || busy.get()
                    on:click=move |_| act(routes::CLOSE_CUSTOMER, Some("Close this account for good? Its services stop working, and a closed account cannot be reopened."))>"Close account"</button>
            })}
            <A href=format!("/console/calls?customer_id={id}") attr:class="button button-secondary">"Calls"</A>
        </div>
        {session.can(Permission::ManageCustomers).then(|| view! {
            <ItemizedToggle id=id itemized=a.itemized_invoices updated=updated done=done error=error />
        })}
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
        {(!phones.is_empty()).then(|| view! {
            <CustomerNumbers session=session phones=phones
                can_edit=session.can(Permission::ManageCustomers) && !session.is_reseller() />
        })}
        <CustomerFraudPanel session=session id=id services=service_labels currency=a.currency.clone()
            can_edit=session.can(Permission::ManageCustomers) />
    }
    .into_any()
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
                                    {format!("{} a month", money(b.bundle.monthly_fee, &b.bundle.currency))}
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

#[cfg(test)]
mod tests {
    use super::{allowance_text, minutes};

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
}
