//! `POST /api/v1/rate-decks/import` with `XMLHttpRequest`, which (unlike
//! `fetch`) reports upload progress.

use super::{ApiError, url};
use ringledger_shared::api::catalog::DeckImportResponse;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::js_sys::{Function, Promise, encode_uri_component};
use web_sys::{File, ProgressEvent, XmlHttpRequest};

/// Where an uploaded deck goes.
#[derive(Debug, Clone)]
pub struct DeckUpload {
    /// Deck name (new: creates the deck; known: adds a version).
    pub name: String,
    /// ISO 4217 code.
    pub currency: String,
    /// `YYYY-MM-DD`.
    pub effective_from: String,
}

/// Uploads `file` as the request body (`text/csv`). `on_progress(sent,
/// total)` follows the upload; `on_sent()` fires once the server has the
/// whole file (it then validates and imports it).
pub async fn upload_deck(
    token: &str,
    upload: &DeckUpload,
    file: &File,
    on_progress: impl Fn(f64, f64) + 'static,
    on_sent: impl Fn() + 'static,
) -> Result<(u16, DeckImportResponse), ApiError> {
    let enc = |s: &str| String::from(encode_uri_component(s.trim()));
    let path = url(&format!(
        "/rate-decks/import?name={}&currency={}&effective_from={}",
        enc(&upload.name),
        enc(&upload.currency),
        enc(&upload.effective_from)
    ));
    let xhr = XmlHttpRequest::new().map_err(|_| ApiError::network())?;
    xhr.open_with_async("POST", &path, true)
        .map_err(|_| ApiError::network())?;
    xhr.set_request_header("Authorization", &format!("Bearer {token}"))
        .map_err(|_| ApiError::network())?;
    xhr.set_request_header("Content-Type", "text/csv")
        .map_err(|_| ApiError::network())?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(|_| ApiError::network())?;

    // Kept alive until the request ends, then dropped.
    let progress = Closure::<dyn Fn(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() {
            on_progress(ev.loaded(), ev.total());
        }
    });
    let sent = Closure::<dyn Fn()>::new(on_sent);
    let target = xhr.upload().map_err(|_| ApiError::network())?;
    target.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    target.set_onload(Some(sent.as_ref().unchecked_ref()));
    // `loadend` follows `load`, `error`, `abort` and `timeout` alike.
    let done = Promise::new(&mut |resolve: Function, _reject: Function| {
        xhr.set_onloadend(Some(&resolve));
    });
    xhr.send_with_opt_blob(Some(file))
        .map_err(|_| ApiError::network())?;
    let _ = JsFuture::from(done).await;
    target.set_onprogress(None);
    target.set_onload(None);
    xhr.set_onloadend(None);
    drop(progress);
    drop(sent);

    let status = xhr.status().unwrap_or(0);
    if status == 0 {
        return Err(ApiError::network());
    }
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    if (200..300).contains(&status) {
        serde_json::from_str::<DeckImportResponse>(&body)
            .map(|r| (status, r))
            .map_err(|_| ApiError::unexpected(status))
    } else {
        Err(ApiError::from_body(status, &body))
    }
}
