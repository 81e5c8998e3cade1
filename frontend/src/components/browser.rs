//! Browser actions outside the router: leaving the SPA for another site
//! (Stripe Checkout), copying text.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Function, Reflect};

/// Sends the browser to `url` (a full page load); `false` if it could not.
pub fn go_to(url: &str) -> bool {
    web_sys::window().is_some_and(|w| w.location().set_href(url).is_ok())
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
