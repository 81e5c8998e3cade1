//! Ringledger's single-page app: Leptos, client-side rendered, compiled to
//! wasm32 and served by the backend from `frontend/dist`.

mod api;
mod app;
mod components;
mod contexts;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
