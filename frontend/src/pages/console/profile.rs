//! `/console/profile` ("Your login"): the signed-in member's e-mail, role
//! and what it may do, and their sessions.

use crate::components::SessionsSection;
use crate::contexts::use_session;
use leptos::prelude::*;

/// The page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let me = untrack(move || use_session().me());
    let (email, role, powers) = me.map_or_else(
        || (String::new(), String::new(), Vec::new()),
        |m| {
            (
                m.email.clone(),
                m.role.map(|r| r.label().to_owned()).unwrap_or_default(),
                m.permissions.iter().map(|p| p.label()).collect::<Vec<_>>(),
            )
        },
    );
    view! {
        <h1>"Your login"</h1>
        <dl class="facts">
            <div><dt>"E-mail"</dt><dd class="wrap-anywhere">{email}</dd></div>
            <div><dt>"Role"</dt><dd>{role}</dd></div>
        </dl>
        <section aria-labelledby="powers-heading">
            <h2 id="powers-heading">"What you can do"</h2>
            <ul>{powers.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            <p class="muted">"The team's owner or an admin changes roles on the Team page."</p>
        </section>
        <super::two_factor::TwoFactorSection session=use_session() />
        <SessionsSection customer=false />
    }
}
