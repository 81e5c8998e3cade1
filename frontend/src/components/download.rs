//! Saving what the API answered as a file the browser downloads (CSV
//! exports, invoice PDFs).

use leptos::prelude::set_timeout;
use wasm_bindgen::JsCast;
use web_sys::js_sys::Array;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Saves `text` as a download named `filename`.
pub fn save_file(filename: &str, text: &str) -> Option<()> {
    let parts = Array::of1(&text.into());
    let options = BlobPropertyBag::new();
    options.set_type("text/csv");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    save_blob(filename, &blob)
}

/// Saves `bytes` (of type `mime`) as a download named `filename`.
pub fn save_bytes(filename: &str, bytes: &[u8], mime: &str) -> Option<()> {
    let parts = Array::of1(&web_sys::js_sys::Uint8Array::from(bytes).into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    save_blob(filename, &blob)
}

fn save_blob(filename: &str, blob: &Blob) -> Option<()> {
    let url = Url::create_object_url_with_blob(blob).ok()?;
    let document = web_sys::window()?.document()?;
    let a: HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(filename);
    document.body()?.append_child(&a).ok()?;
    a.click();
    a.remove();
    // Revoke later: some browsers read the URL after click() returns.
    set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Some(())
}
