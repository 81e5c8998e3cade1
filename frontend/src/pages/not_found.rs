//! The page for any unknown path.

use leptos::prelude::*;
use leptos_router::components::A;

/// 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page narrow center">
            <p class="eyebrow">"404"</p>
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have moved, or the link may be mistyped."</p>
            <A href="/" attr:class="button">
                "Go to the home page"
            </A>
        </section>
    }
}

/// Shown (outside the router) when the host name belongs to no portal.
#[component]
pub fn PortalNotFound() -> impl IntoView {
    view! {
        <main id="main" class="page narrow center">
            <p class="eyebrow">"404"</p>
            <h1>"Portal not found"</h1>
            <p>"No company uses this address. Check the spelling of the portal address."</p>
        </main>
    }
}
