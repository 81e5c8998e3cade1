//! `/account` (and `/account/invoices/:id`, with that invoice on top): the
//! signed-in customer's balance (or credit limit), services with their
//! secrets revealed on demand, invoices and payments.

use super::ServiceSummary;
use super::account_actions::{
    AddServiceForm, ChangePasswordForm, NumbersEditor, RegisterCardForm, Reload, ResetSipPassword,
};
use super::checkout_return::CheckoutReturn;
use super::invoice_detail::InvoiceDetailSection;
use super::invoices::InvoicesSection;
use super::payments::PaymentsSection;
use super::usage::UsageSection;
use crate::api::{self, ApiError};
use crate::components::{EmptyState, load_error, money};
use crate::contexts::{AuthState, use_brand, use_session};
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;
use ringledger_shared::api::PrincipalKind;
use ringledger_shared::api::customers::{CustomerView, OffersView, ServiceView};
use ringledger_shared::rating::ServiceKind;
use uuid::Uuid;

/// The account page; sends anyone else to `/account/login`.
#[component]
pub fn AccountPage() -> impl IntoView {
    if !use_brand().is_seller() {
        return view! { <NotFound /> }.into_any();
    }
    let session = use_session();
    (move || match session.state() {
        AuthState::Pending => {
            view! { <p class="page loading" role="status">"Loading…"</p> }.into_any()
        }
        AuthState::SignedIn(PrincipalKind::Customer) => view! { <AccountBody /> }.into_any(),
        _ => view! { <Redirect path="/account/login" /> }.into_any(),
    })
    .into_any()
}

#[component]
fn AccountBody() -> impl IntoView {
    let session = use_session();
    // The service just added, with its credentials: kept here so that the
    // account's reload does not lose it.
    let created = RwSignal::new(None::<ServiceView>);
    let data: LocalResource<Result<(CustomerView, Option<OffersView>), ApiError>> =
        LocalResource::new(move || {
            let token = session.token();
            async move {
                let token = token.ok_or_else(ApiError::signed_out)?;
                let customer = api::my_account(&token).await?;
                // Plan names only: the account is still useful without them.
                let offers = api::get_offers().await.ok();
                Ok((customer, offers))
            }
        });
    let reload = Callback::new(move |()| data.refetch());
    // `/account/invoices/:id`: that invoice is shown on top.
    let params = use_params_map();
    let invoice =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok())));
    view! {
        <section class="page">
            // Outside the reloaded body: the payment is confirmed once.
            <CheckoutReturn on_done=reload />
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading your account…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! {
                        <h1>"Your account"</h1>
                        {load_error(&e)}
                    }.into_any(),
                    Ok((c, offers)) => account_view(c, offers, created, reload, invoice.get()),
                })}
            </Suspense>
        </section>
    }
}

fn account_view(
    c: CustomerView,
    offers: Option<OffersView>,
    created: RwSignal<Option<ServiceView>>,
    reload: Reload,
    invoice: Option<Uuid>,
) -> AnyView {
    let add_service = offers.clone().map(|o| {
        view! {
            <section class="catalog-form" aria-labelledby="add-service-heading">
                <h2 id="add-service-heading">"Add a service"</h2>
                {move || created.get().map(|s| view! {
                    <div class="notice notice-ok" role="region" aria-label="Your new service">
                        <p>
                            <strong>"Your new service is ready."</strong>
                            " Its credentials are shown here; reveal them again any time on its card below."
                        </p>
                        <ServiceSummary service=s />
                    </div>
                })}
                <AddServiceForm offers=o created=created reload=reload />
            </section>
        }
    });
    let a = &c.account;
    let figure = if a.kind == "postpaid" {
        ("Credit limit", money(a.credit_limit, &a.currency))
    } else {
        ("Balance", money(a.balance, &a.currency))
    };
    let plan_name = move |id| {
        offers
            .as_ref()
            .and_then(|o| o.plans.iter().find(|p| Some(p.id) == id))
            .map(|p| p.name.clone())
    };
    let status = (c.status != "active").then(|| {
        view! {
            <div class="notice notice-warning" role="status">
                "Account status: " {c.status.replace('_', " ")}
            </div>
        }
    });
    let services = if c.services.is_empty() {
        view! { <EmptyState title="No services yet" message="Your services will show here." /> }
            .into_any()
    } else {
        view! {
            <div class="service-grid">
                {c.services.iter().cloned().map(|s| {
                    let extra = match s.kind {
                        ServiceKind::Pinless => view! {
                            <NumbersEditor service_id=s.id anis=s.anis.clone() reload=reload />
                        }.into_any(),
                        ServiceKind::Sip | ServiceKind::Video => view! { <ResetSipPassword service_id=s.id /> }.into_any(),
                        ServiceKind::CallingCard => ().into_any(),
                    };
                    // A PINless service's numbers are listed once: by the
                    // editor, with their "Remove" buttons.
                    let pinless = s.kind == ServiceKind::Pinless;
                    match plan_name(s.plan_id) {
                        Some(p) => view! {
                            <ServiceSummary service=s plan=p reveal=true hide_numbers=pinless>{extra}</ServiceSummary>
                        }.into_any(),
                        None => view! {
                            <ServiceSummary service=s reveal=true hide_numbers=pinless>{extra}</ServiceSummary>
                        }.into_any(),
                    }
                }).collect_view()}
            </div>
        }
        .into_any()
    };
    let currency = a.currency.clone();
    view! {
        <h1>"Your account"</h1>
        <p class="lead">{c.name.clone()} " · " {c.email.clone()}</p>
        {status}
        {invoice.map(|id| view! { <InvoiceDetailSection id=id /> })}
        <dl class="facts">
            <div>
                <dt>{figure.0}</dt>
                <dd class="amount">{figure.1}</dd>
            </div>
            <div>
                <dt>"Account"</dt>
                <dd>{if a.kind == "postpaid" { "Postpaid" } else { "Prepaid" }}</dd>
            </div>
            <div>
                <dt>"Billing day"</dt>
                <dd>{format!("Day {} of the month", a.billing_day)}</dd>
            </div>
        </dl>
        <h2>"Your services"</h2>
        {services}
        <UsageSection />
        {match invoice {
            Some(id) => view! { <InvoicesSection shown=id /> }.into_any(),
            None => view! { <InvoicesSection /> }.into_any(),
        }}
        <PaymentsSection currency=currency />
        {add_service}
        <section class="catalog-form" aria-labelledby="card-heading">
            <h2 id="card-heading">"I have a card"</h2>
            <RegisterCardForm reload=reload />
        </section>
        <section class="catalog-form" aria-labelledby="password-heading">
            <h2 id="password-heading">"Change password"</h2>
            <ChangePasswordForm />
        </section>
        <crate::components::SessionsSection customer=true />
    }
    .into_any()
}
