//! `/admin`: every operator, with its Ringledger plan and suspend /
//! reactivate.

use crate::api::{self, ApiError};
use crate::components::{EmptyState, FormAlert, confirm, load_error};
use crate::contexts::{AuthState, Session, use_brand, use_session};
use crate::pages::console::plan::plan_status_text;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use ringledger_shared::api::{Page, PrincipalKind, TenantStatus, TenantView};

/// The tenants page; sends anyone not signed in as an admin to `/login`.
#[component]
pub fn AdminTenants() -> impl IntoView {
    if use_brand().is_seller() {
        return view! { <NotFound /> }.into_any();
    }
    let session = use_session();
    (move || match session.state() {
        AuthState::Pending => {
            view! { <p class="page loading" role="status">"Loading…"</p> }.into_any()
        }
        AuthState::SignedIn(PrincipalKind::PlatformAdmin) => view! { <AdminHome /> }.into_any(),
        _ => view! { <Redirect path="/login" /> }.into_any(),
    })
    .into_any()
}

fn signed_out() -> ApiError {
    ApiError::signed_out()
}

/// "Trial, period ends 2026-12-10", "Not billed".
fn plan_text(t: &TenantView) -> String {
    let status = plan_status_text(&t.plan_status);
    match t.plan_period_end {
        Some(end) => format!("{status}, period ends {}", end.format("%Y-%m-%d")),
        None => status,
    }
}

/// The tenants once the admin signs in with two factors (platform admins
/// must: until then the page asks for it), and the two-factor section.
#[component]
fn AdminHome() -> impl IntoView {
    let session = use_session();
    let enrolled = RwSignal::new(untrack(move || session.me().is_some_and(|m| m.two_factor)));
    view! {
        <section class="page">
            {move || if enrolled.get() {
                view! { <TenantList /> }.into_any()
            } else {
                view! {
                    <h1>"Turn on two-factor sign-in"</h1>
                    <p class="notice" role="status">"Platform admins must sign in with two factors. Set up an authenticator app below to manage the tenants."</p>
                }.into_any()
            }}
            <crate::pages::console::two_factor::TwoFactorSection
                session=session
                admin=true
                on_enabled=Callback::new(move |_| enrolled.set(true))
            />
        </section>
    }
}

/// Every operator, with "Suspend" or "Reactivate".
#[component]
fn TenantList() -> impl IntoView {
    let session = use_session();
    let tenants: LocalResource<Result<Page<TenantView>, ApiError>> =
        LocalResource::new(move || {
            let token = session.token();
            async move {
                match token {
                    Some(t) => api::list_tenants(&t).await,
                    None => Err(signed_out()),
                }
            }
        });
    let busy = RwSignal::new(None::<String>);
    let action_error = RwSignal::new(None::<String>);

    let toggle =
        move |tenant: TenantView| toggle_tenant(tenant, session, busy, action_error, tenants);

    let row = move |t: TenantView| {
        let id = t.id.to_string();
        let (status_class, status_text) = match t.status {
            TenantStatus::Active => ("badge badge-ok", "Active"),
            TenantStatus::Suspended => ("badge badge-warn", "Suspended"),
        };
        let button_text = match t.status {
            TenantStatus::Active => "Suspend",
            TenantStatus::Suspended => "Reactivate",
        };
        let label = format!("{button_text} {}", t.company_name);
        let created = t.created_at.format("%Y-%m-%d").to_string();
        let tenant = t.clone();
        view! {
            <tr>
                <th scope="row">{t.company_name.clone()}</th>
                <td>
                    <a href=t.portal_url.clone()>{t.slug.clone()}</a>
                </td>
                <td>{t.currency.to_string()}</td>
                <td>
                    <span class=status_class>{status_text}</span>
                </td>
                <td>{plan_text(&t)}</td>
                <td>
                    <time datetime=t.created_at.to_rfc3339()>{created}</time>
                </td>
                <td>
                    <button
                        type="button"
                        class="button button-small button-secondary"
                        title=label
                        disabled=move || busy.with(|b| b.as_deref() == Some(id.as_str()))
                        on:click=move |_| toggle(tenant.clone())
                    >
                        {button_text}
                    </button>
                </td>
            </tr>
        }
    };

    view! {
        <div>
            <h1>"Tenants"</h1>
            <FormAlert message=action_error />
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading tenants…"</p> }>
                {move || {
                    tenants
                        .get()
                        .map(|result| match result {
                            Err(e) => load_error(&e),
                            Ok(page) if page.items.is_empty() => view! {
                                <EmptyState
                                    title="No operators yet"
                                    message="Operators appear here as soon as they sign up on the landing page."
                                />
                            }
                            .into_any(),
                            Ok(page) => view! {
                                <p class="muted">{format!("{} operator(s)", page.total)}</p>
                                <div class="table-wrap">
                                    <table class="table">
                                        <thead>
                                            <tr>
                                                <th scope="col">"Company"</th>
                                                <th scope="col">"Slug"</th>
                                                <th scope="col">"Currency"</th>
                                                <th scope="col">"Status"</th>
                                                <th scope="col">"Plan"</th>
                                                <th scope="col">"Created"</th>
                                                <th scope="col">
                                                    <span class="visually-hidden">"Actions"</span>
                                                </th>
                                            </tr>
                                        </thead>
                                        <tbody>{page.items.into_iter().map(row).collect_view()}</tbody>
                                    </table>
                                </div>
                            }
                            .into_any(),
                        })
                }}
            </Transition>
        </div>
    }
}

/// Suspends an active tenant or reactivates a suspended one (its button is
/// `busy` meanwhile), then loads the list again.
fn toggle_tenant(
    tenant: TenantView,
    session: Session,
    busy: RwSignal<Option<String>>,
    action_error: RwSignal<Option<String>>,
    tenants: LocalResource<Result<Page<TenantView>, ApiError>>,
) {
    let question = format!(
        "Suspend {}? Its staff, customers and switches are refused until it is reactivated.",
        tenant.company_name
    );
    if tenant.status == TenantStatus::Active && !confirm(&question) {
        return;
    }
    let Some(token) = session.token() else {
        action_error.set(Some(signed_out().message));
        return;
    };
    busy.set(Some(tenant.id.to_string()));
    action_error.set(None);
    spawn_local(async move {
        let result = match tenant.status {
            TenantStatus::Active => api::suspend_tenant(&token, tenant.id).await,
            TenantStatus::Suspended => api::reactivate_tenant(&token, tenant.id).await,
        };
        if let Err(e) = result {
            action_error.set(Some(e.message));
        }
        busy.set(None);
        tenants.refetch();
    });
}
