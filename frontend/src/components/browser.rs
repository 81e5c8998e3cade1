//! Browser actions outside the router: leaving the SPA for another site
//! (Stripe Checkout), copying text, moving the focus, the page's address.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Function, Reflect};

/// Sends the browser to `url` (a full page load); `false` if it could not.
pub fn go_to(url: &str) -> bool {
    web_sys::window().is_some_and(|w| w.location().set_href(url).is_ok())
}

/// Asks the browser's "are you sure?" before something that cannot be
/// taken back; `false` when declined (or no window).
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Copies `text` to the clipboard (`navigator.clipboard.writeText`);
/// `false` where the browser offers no clipboard (e.g. plain HTTP).
pub fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(clipboard) = Reflect::get(&window, &JsValue::from_str("navigator"))
        .and_then(|n| Reflect::get(&n, &JsValue::from_str("clipboard")))
    else {
        return false;
    };
    if clipboard.is_undefined() || clipboard.is_null() {
        return false;
    }
    Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .is_some_and(|write| write.call1(&clipboard, &JsValue::from_str(text)).is_ok())
}

/// Moves the keyboard focus to the element with `id` on the next frame
/// (once a just-opened form is in the page; tries a few frames).
pub fn focus_later(id: &'static str) {
    focus_within_frames(id, 10);
}

fn focus_within_frames(id: &'static str, frames: u32) {
    leptos::prelude::request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        match element {
            Some(element) => {
                let _ = element.focus();
            }
            None if frames > 1 => focus_within_frames(id, frames - 1),
            None => {}
        }
    });
}

/// Moves the keyboard focus to the first field marked invalid
/// (`aria-invalid="true"`) once the errors are drawn, so a keyboard or
/// screen-reader user lands on what needs fixing.
pub fn focus_first_invalid() {
    leptos::prelude::request_animation_frame(|| {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[aria-invalid=\"true\"]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// The page's protocol (`http:` or `https:`), to link to another portal.
pub fn page_protocol() -> String {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .filter(|p| p.ends_with(':'))
        .unwrap_or_else(|| "http:".to_owned())
}

/// The page's host with its port (e.g. `acme.localhost:8080`).
pub fn page_host() -> String {
    web_sys::window()
        .and_then(|w| w.location().host().ok())
        .unwrap_or_default()
}

/// The page's port (`""` for the protocol's default).
pub fn page_port() -> String {
    web_sys::window()
        .and_then(|w| w.location().port().ok())
        .unwrap_or_default()
}
