//! `/account` (and `/account/invoices/:id`, with that invoice on top): the
//! signed-in customer's balance (or credit limit), services with their
//! secrets revealed on demand, invoices and payments.

use super::account_actions::{
    AddServiceForm, ChangePasswordForm, NumbersEditor, RegisterCardForm, Reload, ResetSipPassword,
};
use super::calls::CallsSection;
use super::checkout_return::CheckoutReturn;
use super::invoice_detail::InvoiceDetailSection;
use super::invoices::InvoicesSection;
use super::itemized_setting::ItemizedSetting;
use super::language_setting::LanguageSetting;
use super::numbers::PhoneNumbersEditor;
use super::payments::PaymentsSection;
use super::usage::UsageSection;
use super::{ServiceSummary, signed_out};
use crate::api::{self, ApiError};
use crate::components::{EmptyState, load_error, money};
use crate::contexts::{AuthState, t, tf, use_brand, use_language, use_session};
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;
use ringledger_shared::api::PrincipalKind;
use ringledger_shared::api::customers::{CustomerView, OffersView, ServiceView};
use ringledger_shared::locale::Locale;
use ringledger_shared::rating::ServiceKind;
use std::cell::Cell;
use uuid::Uuid;

thread_local! {
    /// The customer whose saved language was adopted in this visit.
    static ADOPTED_FOR: Cell<Option<Uuid>> = const { Cell::new(None) };
}

/// Switches to the language saved in customer `id`'s profile, once per
/// visit: later loads of the account (after a change of language on this
/// device, which draws the page again) must not undo a newer choice whose
/// save is still under way.
fn adopt_saved_language(id: Uuid, saved: Locale) {
    if ADOPTED_FOR.with(|a| a.replace(Some(id))) == Some(id) {
        return;
    }
    if let Some(language) = use_language() {
        language.adopt_saved(Some(saved));
    }
}

/// The account page; sends anyone else to `/account/login`.
#[component]
pub fn AccountPage() -> impl IntoView {
    if !use_brand().is_seller() {
        return view! { <NotFound /> }.into_any();
    }
    let session = use_session();
    (move || match session.state() {
        AuthState::Pending => {
            view! { <p class="page loading" role="status">{t("common-loading")}</p> }.into_any()
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
                let token = token.ok_or_else(signed_out)?;
                let customer = api::my_account(&token).await?;
                // Plan names only: the account is still useful without them.
                let offers = api::get_offers().await.ok();
                Ok((customer, offers))
            }
        });
    let reload = Callback::new(move |()| data.refetch());
    // The language saved in the profile (a choice made on another device)
    // follows once the account is loaded.
    Effect::new(move |_| {
        let saved = data.with(|r| match r {
            Some(Ok((c, _))) => Some((c.id, c.locale)),
            _ => None,
        });
        if let Some((id, l)) = saved {
            adopt_saved_language(id, l);
        }
    });
    // `/account/invoices/:id`: that invoice is shown on top.
    let params = use_params_map();
    let invoice =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok())));
    view! {
        <section class="page">
            // Outside the reloaded body: the payment is confirmed once.
            <CheckoutReturn on_done=reload />
            <Suspense fallback=|| view! { <p class="loading" role="status">{t("account-loading")}</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! {
                        <h1>{t("account-title")}</h1>
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
                <h2 id="add-service-heading">{t("account-add-service")}</h2>
                {move || created.get().map(|s| view! {
                    <div class="notice notice-ok" role="region" aria-label=t("account-new-service")>
                        <p>
                            <strong>{t("account-new-service-ready")}</strong>
                            " " {t("account-new-service-note")}
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
        (
            t("account-credit-limit"),
            money(a.credit_limit, &a.currency),
        )
    } else {
        (t("account-balance"), money(a.balance, &a.currency))
    };
    let status = (c.status != "active").then(|| {
        view! {
            <div class="notice notice-warning" role="status">
                {tf("account-status-line", &[("status", customer_status_text(&c.status).into())])}
            </div>
        }
    });
    let services = services_view(&c.services, offers.as_ref(), &a.currency, reload);
    let currency = a.currency.clone();
    view! {
        <h1>{t("account-title")}</h1>
        <p class="lead">{c.name.clone()} " · " {c.email.clone()}</p>
        {status}
        {invoice.map(|id| view! { <InvoiceDetailSection id=id /> })}
        <dl class="facts">
            <div>
                <dt>{figure.0}</dt>
                <dd class="amount">{figure.1}</dd>
            </div>
            <div>
                <dt>{t("account-kind")}</dt>
                <dd>{if a.kind == "postpaid" { t("account-postpaid") } else { t("account-prepaid") }}</dd>
            </div>
            <div>
                <dt>{t("account-billing-day")}</dt>
                <dd>{tf("account-billing-day-value", &[("day", a.billing_day.into())])}</dd>
            </div>
        </dl>
        <h2>{t("account-services")}</h2>
        {services}
        <UsageSection />
        <CallsSection services=c.services.clone() currency=a.currency.clone() />
        {match invoice {
            Some(id) => view! { <InvoicesSection shown=id /> }.into_any(),
            None => view! { <InvoicesSection /> }.into_any(),
        }}
        <PaymentsSection currency=currency />
        {add_service}
        <section class="catalog-form" aria-labelledby="card-heading">
            <h2 id="card-heading">{t("account-have-card")}</h2>
            <RegisterCardForm reload=reload />
        </section>
        <section class="catalog-form" aria-labelledby="password-heading">
            <h2 id="password-heading">{t("account-change-password")}</h2>
            <ChangePasswordForm />
        </section>
        <ItemizedSetting itemized=a.itemized_invoices />
        <LanguageSetting />
        <crate::components::SessionsSection customer=true />
    }
    .into_any()
}

/// The customer's services, each with what can be changed on it
/// (`currency`: the account's, for the fees of numbers).
fn services_view(
    services: &[ServiceView],
    offers: Option<&OffersView>,
    currency: &str,
    reload: Reload,
) -> AnyView {
    let plan_name = |id: Option<Uuid>| {
        offers
            .and_then(|o| o.plans.iter().find(|p| Some(p.id) == id))
            .map(|p| p.name.clone())
    };
    if services.is_empty() {
        view! { <EmptyState title=t("account-no-services") message=t("account-no-services-note") /> }
            .into_any()
    } else {
        view! {
            <div class="service-grid">
                {services.iter().cloned().map(|s| {
                    let extra = match s.kind {
                        ServiceKind::Pinless => view! {
                            <NumbersEditor service_id=s.id anis=s.anis.clone() reload=reload />
                        }.into_any(),
                        ServiceKind::Sip | ServiceKind::Video => view! {
                            <ResetSipPassword service_id=s.id />
                            <PhoneNumbersEditor service_id=s.id numbers=s.numbers.clone() currency=currency.to_owned() reload=reload />
                        }.into_any(),
                        ServiceKind::CallingCard => ().into_any(),
                    };
                    // A service's numbers are listed once: by its editor,
                    // with their "Remove" or "Give back" buttons.
                    let editor_lists = s.kind != ServiceKind::CallingCard;
                    match plan_name(s.plan_id) {
                        Some(p) => view! {
                            <ServiceSummary service=s plan=p reveal=true hide_numbers=editor_lists>{extra}</ServiceSummary>
                        }.into_any(),
                        None => view! {
                            <ServiceSummary service=s reveal=true hide_numbers=editor_lists>{extra}</ServiceSummary>
                        }.into_any(),
                    }
                }).collect_view()}
            </div>
        }
        .into_any()
    }
}

/// The account's status as the customer reads it (`suspended`).
fn customer_status_text(status: &str) -> String {
    match status {
        "pending_verification" => t("account-customer-status-pending-verification"),
        "suspended" => t("account-customer-status-suspended"),
        "closed" => t("account-customer-status-closed"),
        other => other.replace('_', " "),
    }
}
