//! The app's root: load the portal (brand) once, then route. Each bundle's
//! entry point brings its own route table: the portal's visitor pages,
//! those and a customer's account, or every page (issue 23,
//! `ringledger_shared::bundles`).

use crate::api;
use crate::components::{Header, capitalised};
use crate::contexts::language::{fetch_words, offered_by, pick};
use crate::contexts::{Brand, Language, Session, t};
use crate::pages::not_found::{NotFound, PortalNotFound};
use leptos::prelude::*;
use leptos_router::components::Router;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::PortalView;
use ringledger_shared::bundles::Bundle;
use ringledger_shared::locale::Locale;

/// A route table: the `<Routes>` of one bundle (each entry point has its
/// own, `src/main.rs` and `src/bin/*.rs`).
pub type RouteTable = fn() -> AnyView;

/// Loads the portal (brand) and the visitor's words, then draws the site
/// with `routes`.
#[component]
pub fn Root(routes: RouteTable) -> impl IntoView {
    Session::provide();
    let portal = LocalResource::new(load_portal);
    view! {
        <Suspense fallback=|| view! { <p class="page loading" role="status">{t("common-loading")}</p> }>
            {move || {
                portal
                    .get()
                    .map(|result| match result {
                        Ok(p) => view! { <Site portal=p routes=routes /> }.into_any(),
                        Err(e) if e.code == ErrorCode::PortalNotFound => view! { <PortalNotFound /> }.into_any(),
                        Err(e) => view! {
                            <main id="main" class="page narrow center">
                                <h1>{t("portal-unavailable")}</h1>
                                <p role="alert">{capitalised(&e.message)}</p>
                            </main>
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The portal, and the words of the language it will be read in: fetched
/// beside the portal for the language this browser would pick among all
/// (the usual case), after it when the portal offers another.
async fn load_portal() -> Result<PortalView, api::ApiError> {
    let guess = pick(&Locale::ALL);
    let (portal, ()) = futures::future::join(api::get_portal(), fetch_words(guess)).await;
    if let Ok(p) = &portal {
        fetch_words(pick(&offered_by(p))).await;
    }
    portal
}

/// The routed site, once the brand is known.
#[component]
fn Site(portal: PortalView, routes: RouteTable) -> impl IntoView {
    // The platform site speaks English; a seller's portal what it offers.
    let language = Language::provide(offered_by(&portal));
    let brand = Brand::new(portal);
    let is_seller = brand.is_seller();
    // The platform site speaks English only. A closure: the footer follows
    // the console's switch to English without redrawing the site.
    let footer = move || {
        if is_seller {
            t("portal-footer")
        } else {
            "Ringledger · one bill for every service".to_owned()
        }
    };
    provide_context(brand);
    // A change of language draws the pages again in the new one (what the
    // visitor typed on the page is dropped, as after a reload).
    view! {
        <Router>
            {move || {
                language.track_choice();
                view! {
                    <Header />
                    <main id="main" tabindex="-1">{routes()}</main>
                    <footer class="site-footer">
                        <p>{footer}</p>
                    </footer>
                }
            }}
        </Router>
    }
}

/// A smaller bundle's fallback: a page of a larger bundle is loaded again
/// from the server (which sends the bundle that routes it); a path this
/// bundle should route but does not match is 404.
#[component]
pub fn ElsewhereOrNotFound(bundle: Bundle) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    // Only a path of this site is loaded: "//host" or "/\\host" would leave it.
    let own_path = path.starts_with('/') && !path.starts_with("//") && !path.contains('\\');
    if bundle.routes(&path) || !own_path {
        return view! { <NotFound /> }.into_any();
    }
    let url = address(&location);
    if let Some(window) = web_sys::window() {
        let here = window.location();
        // The router may not have written the new address yet (a link just
        // followed): load it as a new history entry; Back and Forward have.
        let _ = if here.pathname().ok().as_deref() == Some(path.as_str()) {
            here.replace(&url)
        } else {
            here.assign(&url)
        };
    }
    view! { <p class="page loading" role="status">{t("common-loading")}</p> }.into_any()
}

/// The router's address (path, query and fragment), which the browser's
/// address bar may not show yet while a page loads.
pub(crate) fn address(location: &leptos_router::location::Location) -> String {
    let prefixed = |part: String, mark: char| {
        if part.is_empty() || part.starts_with(mark) {
            part
        } else {
            format!("{mark}{part}")
        }
    };
    format!(
        "{}{}{}",
        location.pathname.get_untracked(),
        prefixed(location.search.get_untracked(), '?'),
        prefixed(location.hash.get_untracked(), '#'),
    )
}
