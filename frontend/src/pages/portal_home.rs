//! `/` on a seller's portal.

use super::SuspendedNotice;
use crate::contexts::use_brand;
use leptos::prelude::*;
use leptos_router::components::A;

/// The seller's public home page.
#[component]
pub fn PortalHome() -> impl IntoView {
    let brand = use_brand();
    view! {
        <section class="page hero">
            <SuspendedNotice />
            <h1>{brand.name.clone()}</h1>
            <p class="lead">
                "Welcome to the " {brand.name.clone()}
                " portal: calls, numbers and services, on one bill."
            </p>
            <p>
                <A href="/login" attr:class="button">
                    "Staff sign-in"
                </A>
            </p>
            {brand
                .support_email
                .clone()
                .map(|e| {
                    view! {
                        <p class="muted">
                            "Need help? Write to " <a href=format!("mailto:{e}")>{e.clone()}</a>
                        </p>
                    }
                })}
        </section>
    }
}
