//! The account bundle's entry point: a customer's account and the portal
//! (see `lib.rs`). The home is drawn at once; the other pages load on first
//! visit.

use leptos::prelude::*;
use leptos_router::Lazy;
use leptos_router::components::{Route, Routes};
use leptos_router::path;
use ringledger_frontend::routed::*;

ringledger_frontend::home_page!();
ringledger_frontend::visitor_pages!();
ringledger_frontend::account_pages!();

/// The portal's pages and the account's.
fn routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <ElsewhereOrNotFound bundle=Bundle::Account /> }>
            <Route path=path!("/") view={Lazy::<HomeRoute>::new()} />
            <Route path=path!("/signup") view={Lazy::<SignupRoute>::new()} />
            <Route path=path!("/verify-email") view={Lazy::<VerifyEmailRoute>::new()} />
            <Route path=path!("/account/forgot-password") view={Lazy::<CustomerForgotPasswordRoute>::new()} />
            <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()} />
            <Route path=path!("/account/login") view={Lazy::<AccountLoginRoute>::new()} />
            <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} />
            <Route path=path!("/account/invoices/:id") view={Lazy::<AccountRoute>::new()} />
        </Routes>
    }
    .into_any()
}

fn main() {
    ringledger_frontend::start(routes);
}
