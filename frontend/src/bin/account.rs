//! The account bundle's entry point: a customer's account and the portal
//! (see `lib.rs`). The home is drawn at once; the other pages load on first
//! visit.

use leptos::prelude::*;
use leptos_router::Lazy;
use leptos_router::components::{Route, Routes};
use leptos_router::path;
use ringledger_frontend::routed::*;

ringledger_frontend::visitor_pages!();
ringledger_frontend::account_pages!();

/// The portal's pages and the account's.
fn routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <ElsewhereOrNotFound bundle=Bundle::Account /> }>
            <VisitorRoutes />
            <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} />
            <Route path=path!("/account/invoices/:id") view={Lazy::<AccountRoute>::new()} />
        </Routes>
    }
    .into_any()
}

fn main() {
    ringledger_frontend::start(routes);
}
