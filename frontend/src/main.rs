//! Ringledger's single-page app: Leptos, client-side rendered, compiled to
//! wasm32 and served by the backend from `frontend/dist`.

mod api;
mod app;
mod components;
mod contexts;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    // The skeleton `index.html` shows while the Wasm downloads.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
