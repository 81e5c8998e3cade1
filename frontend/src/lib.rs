//! Ringledger's single-page app: Leptos, client-side rendered, compiled to
//! wasm32 and served by the backend from `frontend/dist`.
//!
//! One library, three entry points (issue 23): `src/main.rs` starts the
//! **console** bundle (every page), `src/bin/account.rs` the **account**
//! bundle (a customer's account and the portal) and `src/bin/portal.rs` the
//! **portal** bundle (a seller's visitors). The linker keeps in each only the
//! pages its route table names, so a portal visitor downloads a fraction of
//! the code. `ringledger_shared::bundles` says which bundle serves which
//! path, for the server and for each bundle's fallback.

mod api;
mod app;
mod components;
mod contexts;
mod pages;

/// Hides the skeleton `index.html` shows while the Wasm downloads.
fn remove_boot_skeleton() {
    console_error_panic_hook::set_once();
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}

/// Starts the console bundle: every page.
pub fn start_console() {
    remove_boot_skeleton();
    leptos::mount::mount_to_body(app::ConsoleApp);
}

/// Starts the account bundle: a customer's account and the portal.
pub fn start_account() {
    remove_boot_skeleton();
    leptos::mount::mount_to_body(app::AccountApp);
}

/// Starts the portal bundle: the portal's visitor pages only.
pub fn start_portal() {
    remove_boot_skeleton();
    leptos::mount::mount_to_body(app::PortalApp);
}
