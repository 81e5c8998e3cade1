//! Ringledger's single-page app: Leptos, client-side rendered, compiled to
//! wasm32 and served by the backend from `frontend/dist`.
//!
//! One library, three entry points (issue 23), each with its route table
//! and its lazy groups of pages (`lazy_pages.rs`): `src/main.rs` starts the
//! **console** bundle (every page), `src/bin/account.rs` the **account**
//! bundle (a customer's account and the portal) and `src/bin/portal.rs` the
//! **portal** bundle (a seller's visitors). The linker keeps in each only the
//! pages its route table names, and the build cuts each at its lazy groups,
//! so a visitor downloads the app's frame and then the pages it opens.
//! `ringledger_shared::bundles` says which bundle serves which path, for the
//! server and for each bundle's fallback.

mod api;
mod app;
mod components;
mod contexts;
mod lazy_pages;
mod pages;
#[doc(hidden)]
pub mod stale_build;

/// Hides the skeleton `index.html` shows while the Wasm downloads.
fn remove_boot_skeleton() {
    console_error_panic_hook::set_once();
    stale_build::reload_when_a_chunk_is_gone();
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}

/// Starts a bundle: its entry point's route table, under the app's root.
pub fn start(routes: app::RouteTable) {
    remove_boot_skeleton();
    leptos::mount::mount_to_body(move || leptos::view! { <app::Root routes=routes /> });
}

/// What the bundles' entry points name in their route tables: the app's
/// frame, the pages drawn at once, and the pages their lazy groups draw
/// (`lazy_pages.rs`).
pub mod routed {
    pub use crate::app::ElsewhereOrNotFound;
    pub use crate::pages::accept_invite::AcceptInvitePage;
    pub use crate::pages::admin::tenants::AdminTenants;
    pub use crate::pages::console::activity::ActivityPage;
    pub use crate::pages::console::billing::BillingPage;
    pub use crate::pages::console::books::BooksPage;
    pub use crate::pages::console::brand::BrandPage;
    pub use crate::pages::console::calls::CallsPage;
    pub use crate::pages::console::cards::CardsPage;
    pub use crate::pages::console::catalog::deck_detail::DeckDetail;
    pub use crate::pages::console::catalog::decks::DecksPage;
    pub use crate::pages::console::catalog::plans::PlansPage;
    pub use crate::pages::console::customers::{CustomerDetail, CustomersPage};
    pub use crate::pages::console::numbers::NumbersPage;
    pub use crate::pages::console::payments::PaymentsPage;
    pub use crate::pages::console::pricing::PricingPage;
    pub use crate::pages::console::profile::ProfilePage;
    pub use crate::pages::console::resellers::{ResellerDetail, ResellersPage};
    pub use crate::pages::console::settings::SettingsPage;
    pub use crate::pages::console::team::TeamPage;
    pub use crate::pages::console::webhooks::WebhooksPage;
    pub use crate::pages::console::wholesale::WholesalePage;
    pub use crate::pages::console::{ConsoleSection, ConsoleShell, Dashboard};
    pub use crate::pages::handoff::Handoff;
    pub use crate::pages::is_seller_site;
    pub use crate::pages::landing::Landing;
    pub use crate::pages::login::LoginPage;
    pub use crate::pages::not_found::NotFound;
    pub use crate::pages::password_reset::{
        CustomerForgotPasswordPage, ForgotPasswordPage, ResetPasswordPage,
    };
    pub use crate::pages::portal::account::AccountPage;
    pub use crate::pages::portal::account_login::AccountLoginPage;
    pub use crate::pages::portal::signup::CustomerSignupPage;
    pub use crate::pages::portal::verify::VerifyEmailPage;
    pub use crate::pages::portal_home::PortalHome;
    pub use ringledger_shared::bundles::Bundle;
}
