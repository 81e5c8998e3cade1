//! One module per page (or area of pages).

pub mod accept_invite;
pub mod admin;
pub mod console;
pub mod console_finder;
pub mod handoff;
pub mod landing;
pub mod login;
pub mod not_found;
pub mod password_reset;
pub mod portal;
pub mod portal_home;
pub(crate) mod signup;

use crate::contexts::use_brand;
use leptos::prelude::*;

/// Whether this site is a seller's portal (else the platform's own site).
pub fn is_seller_site() -> bool {
    use_brand().is_seller()
}

/// A notice shown on every page of a suspended portal.
#[component]
pub fn SuspendedNotice() -> impl IntoView {
    let brand = use_brand().get_untracked();
    brand.suspended.then(|| {
        view! {
            <div class="notice notice-warning" role="status">
                <strong>"This account is suspended."</strong>
                " Sign-in is disabled until the platform reactivates it. "
                {brand
                    .support_email
                    .clone()
                    .map(|e| {
                        view! {
                            "Questions: "
                            <a href=format!("mailto:{e}")>{e.clone()}</a>
                        }
                    })}
            </div>
        }
    })
}
