//! A tab older than the server's build.
//!
//! Each bundle is cut into chunks fetched when a page is first opened
//! (`lazy_pages.rs`), from the build's own content-hashed folder. A tab
//! opened before a deploy still runs the old build: the first time it opens
//! a page it has not shown yet, it asks for a chunk the new server no longer
//! has. The load fails, and wasm-split answers a failed load with a panic,
//! which aborts the Wasm. This hook loads the page the visitor was going
//! to instead (the router writes the address only once the page is drawn:
//! each lazy route notes it first, [`note_destination`]), which brings the
//! new build; it does so at most once a minute per tab, so a chunk missing
//! from the current build shows the error rather than loop.

use std::cell::RefCell;
use std::panic;

thread_local! {
    /// The address of the last lazy page the router set out to draw.
    static DESTINATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Notes the address the router is drawing (called by each lazy route
/// before its chunks are fetched).
pub fn note_destination() {
    let address = crate::app::address(&leptos_router::hooks::use_location());
    DESTINATION.with(|d| *d.borrow_mut() = Some(address));
}

/// What wasm-split's loader panics with when a chunk failed to load.
const FAILED_LOAD: [&str; 2] = ["load callback should succeed", "SplitLoaderError"];

/// Where the tab notes when it last reloaded for a missing chunk.
const RELOADED_AT: &str = "ringledger.reloaded-for-chunk";

/// At least this long between two reloads of one tab, in milliseconds.
const RELOAD_GAP_MS: f64 = 60_000.0;

/// Chains a panic hook (after the one installed before) that reloads the
/// page when the panic is a chunk that failed to load.
pub fn reload_when_a_chunk_is_gone() {
    let before = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        before(info);
        let message = info.payload_as_str().unwrap_or_default();
        if FAILED_LOAD.iter().any(|m| message.contains(m)) {
            reload_once_a_minute();
        }
    }));
}

fn reload_once_a_minute() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let now = js_sys::Date::now();
    let storage = window.session_storage().ok().flatten();
    let last = storage
        .as_ref()
        .and_then(|s| s.get_item(RELOADED_AT).ok().flatten())
        .and_then(|v| v.parse::<f64>().ok());
    if last.is_some_and(|t| now - t < RELOAD_GAP_MS) {
        return;
    }
    if let Some(s) = &storage {
        let _ = s.set_item(RELOADED_AT, &now.to_string());
    }
    // Only an address of this site (as the router gives it: a path).
    let destination = DESTINATION
        .with(|d| d.borrow().clone())
        .filter(|a| a.starts_with('/') && !a.starts_with("//") && !a.contains('\\'));
    let _ = match destination {
        Some(address) => window.location().assign(&address),
        None => window.location().reload(),
    };
}
