//! The app roots: load the portal (brand) once, then route. Each bundle has
//! its own route table: the portal's visitor pages, those and a customer's
//! account, or every page (issue 23, `ringledger_shared::bundles`).

use crate::api;
use crate::components::{Header, capitalised};
use crate::contexts::{Brand, Language, Session, t};
use crate::pages::Home;
use crate::pages::accept_invite::AcceptInvitePage;
use crate::pages::admin::tenants::AdminTenants;
use crate::pages::console::activity::ActivityPage;
use crate::pages::console::billing::BillingPage;
use crate::pages::console::books::BooksPage;
use crate::pages::console::brand::BrandPage;
use crate::pages::console::calls::CallsPage;
use crate::pages::console::cards::CardsPage;
use crate::pages::console::catalog::deck_detail::DeckDetail;
use crate::pages::console::catalog::decks::DecksPage;
use crate::pages::console::catalog::plans::PlansPage;
use crate::pages::console::customers::{CustomerDetail, CustomersPage};
use crate::pages::console::numbers::NumbersPage;
use crate::pages::console::payments::PaymentsPage;
use crate::pages::console::pricing::PricingPage;
use crate::pages::console::profile::ProfilePage;
use crate::pages::console::resellers::{ResellerDetail, ResellersPage};
use crate::pages::console::settings::SettingsPage;
use crate::pages::console::team::TeamPage;
use crate::pages::console::webhooks::WebhooksPage;
use crate::pages::console::wholesale::WholesalePage;
use crate::pages::console::{ConsoleSection, ConsoleShell, Dashboard};
use crate::pages::handoff::Handoff;
use crate::pages::login::LoginPage;
use crate::pages::not_found::{NotFound, PortalNotFound};
use crate::pages::password_reset::{
    CustomerForgotPasswordPage, ForgotPasswordPage, ResetPasswordPage,
};
use crate::pages::portal::account::AccountPage;
use crate::pages::portal::account_login::AccountLoginPage;
use crate::pages::portal::signup::CustomerSignupPage;
use crate::pages::portal::verify::VerifyEmailPage;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::{PortalKind, PortalView};
use ringledger_shared::bundles::Bundle;

/// The console bundle's root: every page.
#[component]
pub fn ConsoleApp() -> impl IntoView {
    view! { <Root routes=console_routes /> }
}

/// The account bundle's root: a customer's account and the portal.
#[component]
pub fn AccountApp() -> impl IntoView {
    view! { <Root routes=account_routes /> }
}

/// The portal bundle's root: the portal's visitor pages only.
#[component]
pub fn PortalApp() -> impl IntoView {
    view! { <Root routes=portal_routes /> }
}

/// A route table: the `<Routes>` of one bundle.
type RouteTable = fn() -> AnyView;

/// Loads the portal (brand), then draws the site with `routes`.
#[component]
fn Root(routes: RouteTable) -> impl IntoView {
    Session::provide();
    let portal = LocalResource::new(api::get_portal);
    view! {
        <Suspense fallback=|| view! { <p class="page loading" role="status">{t("common-loading")}</p> }>
            {move || {
                portal
                    .get()
                    .map(|result| match result {
                        Ok(p) => view! { <Site portal=p routes=routes /> }.into_any(),
                        Err(e) if e.code == ErrorCode::PortalNotFound => view! { <PortalNotFound /> }.into_any(),
                        Err(e) => view! {
                            <main id="main" class="page narrow center">
                                <h1>{t("portal-unavailable")}</h1>
                                <p role="alert">{capitalised(&e.message)}</p>
                            </main>
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The routed site, once the brand is known.
#[component]
fn Site(portal: PortalView, routes: RouteTable) -> impl IntoView {
    // The platform site speaks English; a seller's portal what it offers.
    let language = Language::provide(if portal.kind == PortalKind::Seller {
        portal.languages.clone()
    } else {
        Vec::new()
    });
    let brand = Brand::new(portal);
    let is_seller = brand.is_seller();
    // The platform site speaks English only. A closure: the footer follows
    // the console's switch to English without redrawing the site.
    let footer = move || {
        if is_seller {
            t("portal-footer")
        } else {
            "Ringledger · one bill for every service".to_owned()
        }
    };
    provide_context(brand);
    // A change of language draws the pages again in the new one (what the
    // visitor typed on the page is dropped, as after a reload).
    view! {
        <Router>
            {move || {
                language.track_choice();
                view! {
                    <Header />
                    <main id="main" tabindex="-1">{routes()}</main>
                    <footer class="site-footer">
                        <p>{footer}</p>
                    </footer>
                }
            }}
        </Router>
    }
}

/// The portal bundle's table (the paths `Bundle::Portal` routes; the
/// larger bundles' tables start with the same routes).
fn portal_routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <ElsewhereOrNotFound bundle=Bundle::Portal /> }>
            <Route path=path!("/") view=Home />
            <Route path=path!("/signup") view=CustomerSignupPage />
            <Route path=path!("/verify-email") view=VerifyEmailPage />
            <Route path=path!("/account/forgot-password") view=CustomerForgotPasswordPage />
            <Route path=path!("/reset-password") view=ResetPasswordPage />
            <Route path=path!("/account/login") view=AccountLoginPage />
        </Routes>
    }
    .into_any()
}

/// The account bundle's table: the portal's pages and the account's.
fn account_routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <ElsewhereOrNotFound bundle=Bundle::Account /> }>
            <Route path=path!("/") view=Home />
            <Route path=path!("/signup") view=CustomerSignupPage />
            <Route path=path!("/verify-email") view=VerifyEmailPage />
            <Route path=path!("/account/forgot-password") view=CustomerForgotPasswordPage />
            <Route path=path!("/reset-password") view=ResetPasswordPage />
            <Route path=path!("/account/login") view=AccountLoginPage />
            <Route path=path!("/account") view=AccountPage />
            <Route path=path!("/account/invoices/:id") view=AccountPage />
        </Routes>
    }
    .into_any()
}

/// A smaller bundle's fallback: a page of a larger bundle is loaded again
/// from the server (which sends the bundle that routes it); a path this
/// bundle should route but does not match is 404.
#[component]
fn ElsewhereOrNotFound(bundle: Bundle) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    // Only a path of this site is loaded: "//host" or "/\\host" would leave it.
    let own_path = path.starts_with('/') && !path.starts_with("//") && !path.contains('\\');
    if bundle.routes(&path) || !own_path {
        return view! { <NotFound /> }.into_any();
    }
    let prefixed = |part: String, mark: char| {
        if part.is_empty() || part.starts_with(mark) {
            part
        } else {
            format!("{mark}{part}")
        }
    };
    let url = format!(
        "{path}{}{}",
        prefixed(location.search.get_untracked(), '?'),
        prefixed(location.hash.get_untracked(), '#'),
    );
    if let Some(window) = web_sys::window() {
        let here = window.location();
        // The router may not have written the new address yet (a link just
        // followed): load it as a new history entry; Back and Forward have.
        let _ = if here.pathname().ok().as_deref() == Some(path.as_str()) {
            here.replace(&url)
        } else {
            here.assign(&url)
        };
    }
    view! { <p class="page loading" role="status">{t("common-loading")}</p> }.into_any()
}

/// The console bundle's table: every page.
fn console_routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <NotFound /> }>
            <Route path=path!("/") view=Home />
            <Route path=path!("/signup") view=CustomerSignupPage />
            <Route path=path!("/verify-email") view=VerifyEmailPage />
            <Route path=path!("/account/forgot-password") view=CustomerForgotPasswordPage />
            <Route path=path!("/reset-password") view=ResetPasswordPage />
            <Route path=path!("/account/login") view=AccountLoginPage />
            <Route path=path!("/account") view=AccountPage />
            <Route path=path!("/account/invoices/:id") view=AccountPage />
            <Route path=path!("/login") view=LoginPage />
            <Route path=path!("/admin") view=AdminTenants />
            <Route path=path!("/auth/handoff") view=Handoff />
            <Route path=path!("/accept-invite") view=AcceptInvitePage />
            <Route path=path!("/forgot-password") view=ForgotPasswordPage />
            <ParentRoute path=path!("/console") view=ConsoleShell>
                <Route path=path!("") view=Dashboard />
                <Route path=path!("catalog") view=DecksPage />
                <Route path=path!("catalog/decks") view=DecksPage />
                <Route path=path!("catalog/decks/:id") view=DeckDetail />
                <Route path=path!("catalog/plans") view=PlansPage />
                <Route path=path!("customers") view=CustomersPage />
                <Route path=path!("customers/:id") view=CustomerDetail />
                <Route path=path!("calls") view=CallsPage />
                <Route path=path!("bill-runs") view=BillingPage />
                <Route path=path!("cards") view=CardsPage />
                <Route path=path!("numbers") view=NumbersPage />
                <Route path=path!("books") view=BooksPage />
                <Route path=path!("resellers") view=ResellersPage />
                <Route path=path!("resellers/:id") view=ResellerDetail />
                <Route path=path!("pricing") view=PricingPage />
                <Route path=path!("wholesale") view=WholesalePage />
                <Route path=path!("brand") view=BrandPage />
                <Route path=path!("settings") view=SettingsPage />
                <Route path=path!("team") view=TeamPage />
                <Route path=path!("activity") view=ActivityPage />
                <Route path=path!("webhooks") view=WebhooksPage />
                <Route path=path!("payments") view=PaymentsPage />
                <Route path=path!("profile") view=ProfilePage />
                // Where Stripe Checkout sends the operator back after paying its plan.
                <Route path=path!("subscription") view=SettingsPage />
                <Route path=path!(":section") view=ConsoleSection />
            </ParentRoute>
        </Routes>
    }
    .into_any()
}
