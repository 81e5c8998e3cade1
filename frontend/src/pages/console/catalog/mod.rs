//! `/console/catalog…`: rate decks (upload, detail, price preview), and the
//! plans and bundles sold on them.

pub mod deck_detail;
pub mod decks;
pub mod plans;
mod preview;

use crate::api::ApiError;
use crate::contexts::{Session, use_session};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use web_sys::js_sys::Date;

/// The catalog's own tabs, under the console nav.
#[component]
pub fn CatalogTabs() -> impl IntoView {
    let location = use_location();
    let on_plans = move || {
        location
            .pathname
            .with(|p| p.starts_with("/console/catalog/plans"))
    };
    let current = |yes: bool| yes.then_some("page");
    view! {
        <nav class="tabs" aria-label="Catalog">
            <a href="/console/catalog" aria-current=move || current(!on_plans())>
                "Rate decks"
            </a>
            <a href="/console/catalog/plans" aria-current=move || current(on_plans())>
                "Plans & bundles"
            </a>
        </nav>
    }
}

/// Today's date (UTC, as the server counts days), `YYYY-MM-DD`.
pub fn today_utc() -> String {
    let now = Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_utc_full_year(),
        now.get_utc_month() + 1,
        now.get_utc_date()
    )
}

/// The access token, or the error to show when the session is gone.
pub fn token(session: Session) -> Result<String, ApiError> {
    session.token().ok_or_else(ApiError::signed_out)
}

/// The operator's billing currency (from the session), if known.
pub fn operator_currency() -> Option<String> {
    let session = use_session();
    untrack(move || session.me())
        .and_then(|m| m.tenant)
        .map(|t| t.currency.to_string())
}

/// A load error, as an alert.
pub fn load_error(e: &ApiError) -> AnyView {
    view! { <div class="form-alert" role="alert">{crate::components::capitalised(&e.message)}</div> }
        .into_any()
}
