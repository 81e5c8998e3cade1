//! The portal bundle's entry point: the portal's visitor pages only (see
//! `lib.rs`). The home is drawn at once; the other pages load on first visit.

use leptos::prelude::*;
use leptos_router::Lazy;
use leptos_router::components::{Route, Routes};
use leptos_router::path;
use ringledger_frontend::routed::*;

ringledger_frontend::home_page!();
ringledger_frontend::visitor_pages!();

/// The paths `Bundle::Portal` routes (the larger bundles' tables start with
/// the same routes).
fn routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <ElsewhereOrNotFound bundle=Bundle::Portal /> }>
            <Route path=path!("/") view={Lazy::<HomeRoute>::new()} />
            <Route path=path!("/signup") view={Lazy::<SignupRoute>::new()} />
            <Route path=path!("/verify-email") view={Lazy::<VerifyEmailRoute>::new()} />
            <Route path=path!("/account/forgot-password") view={Lazy::<CustomerForgotPasswordRoute>::new()} />
            <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()} />
            <Route path=path!("/account/login") view={Lazy::<AccountLoginRoute>::new()} />
        </Routes>
    }
    .into_any()
}

fn main() {
    ringledger_frontend::start(routes);
}
