//! `GET /assets/{file}` and `GET /assets/{dir}/{file}` (a bundle split into
//! chunks lives in a folder named after its hash): the SPA's hashed assets, pre-compressed when the
//! build made a brotli (`.br`) or gzip (`.gz`) copy and the browser takes
//! it — `Content-Encoding: br` beats gzip by about a fifth on the Wasm, and
//! nothing is compressed per request.

use crate::error::ApiError;
use actix_files::NamedFile;
use actix_web::http::header::{ACCEPT_ENCODING, ContentEncoding, HeaderValue, VARY};
use actix_web::{HttpRequest, HttpResponse, web};
use ringledger_core::error::AppError;
use ringledger_shared::ErrorCode;
use std::path::{Path, PathBuf};

/// Where the assets are (`{static_dir}/assets`).
#[derive(Debug, Clone)]
pub struct AssetsDir(pub PathBuf);

/// Whether `name` is a plain file name of the build (no path, no dot
/// files, nothing a request could climb out with).
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Whether `Accept-Encoding` takes `coding` (`q=0` refuses it).
pub(crate) fn accepts(header: &str, coding: &str) -> bool {
    header.split(',').any(|part| {
        let mut bits = part.split(';');
        let name = bits.next().unwrap_or("").trim();
        let refused = bits.any(|b| {
            b.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

/// The copy of `original` to send for `accept`: brotli, gzip or itself.
fn pick(original: &Path, accept: &str) -> (PathBuf, Option<ContentEncoding>) {
    for (coding, suffix, encoding) in [
        ("br", "br", ContentEncoding::Brotli),
        ("gzip", "gz", ContentEncoding::Gzip),
    ] {
        let mut name = original.as_os_str().to_owned();
        name.push(".");
        name.push(suffix);
        let copy = PathBuf::from(name);
        if accepts(accept, coding) && copy.is_file() {
            return (copy, Some(encoding));
        }
    }
    (original.to_owned(), None)
}

/// Serves one asset, its compressed copy when one fits.
pub async fn asset(req: HttpRequest, dir: web::Data<AssetsDir>) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError(AppError::new(ErrorCode::NotFound, "no such asset"));
    let info = req.match_info();
    let name = info.get("file").unwrap_or_default();
    let folder = info.get("dir");
    if !plain_name(name) || folder.is_some_and(|f| !plain_name(f)) {
        return Err(not_found());
    }
    let original = match folder {
        Some(folder) => dir.0.join(folder).join(name),
        None => dir.0.join(name),
    };
    if !original.is_file() {
        return Err(not_found());
    }
    let accept = req
        .headers()
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (path, encoding) = pick(&original, accept);
    let ext = original
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let mut named = NamedFile::open(&path)
        .map_err(|_| not_found())?
        .use_etag(true)
        .prefer_utf8(true)
        .set_content_type(actix_files::file_extension_to_mime(ext))
        .disable_content_disposition();
    if let Some(e) = encoding {
        named = named.set_content_encoding(e);
    }
    let mut res = named.into_response(&req);
    res.headers_mut()
        .insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::{accepts, plain_name};

    #[test]
    fn codings_are_read_with_their_weights() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=0.8, BR;q=1", "br"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("gzipx", "gzip"));
    }

    #[test]
    fn only_plain_file_names_are_served() {
        assert!(plain_name("app-1f2e_bg.wasm"));
        assert!(!plain_name("../secret"));
        assert!(!plain_name(".stamp"));
        assert!(!plain_name("a/b.js"));
        assert!(!plain_name(""));
    }
}
