//! The portal bundle's entry point: the portal's visitor pages only (see
//! `lib.rs`). The home is drawn at once; the other pages load on first visit.

use leptos::prelude::*;
use leptos_router::components::Routes;
use ringledger_frontend::routed::*;

ringledger_frontend::visitor_pages!();

/// The paths `Bundle::Portal` routes (the larger bundles' tables start with
/// the same routes).
fn routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <ElsewhereOrNotFound bundle=Bundle::Portal /> }>
            <VisitorRoutes />
        </Routes>
    }
    .into_any()
}

fn main() {
    ringledger_frontend::start(routes);
}
