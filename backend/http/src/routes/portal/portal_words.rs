//! `GET /api/v1/portal/words/{language}`: the SPA's words in one language.
//!
//! The SPA's bundles compile in English only; a visitor reading Spanish or
//! French fetches that language's words once per page load (issue 23: the
//! other languages weighed ~9 kB of every visitor's download).

use crate::error::ApiResult;
use crate::routes::spa_assets::accepts;
use actix_web::http::header::{self, ETag, EntityTag, IfNoneMatch};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, get, web};
use flate2::Compression;
use flate2::write::GzEncoder;
use ringledger_core::error::AppError;
use ringledger_shared::i18n;
use ringledger_shared::locale::Locale;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::sync::LazyLock;

/// One language's words, made once: the Fluent source, its gzip copy and
/// its entity tag.
struct Words {
    locale: Locale,
    source: String,
    /// Compressed once at its best level, not per request (an anonymous
    /// flood of this public route costs no compression).
    gzip: Vec<u8>,
    etag: EntityTag,
}

static WORDS: LazyLock<Vec<Words>> = LazyLock::new(|| {
    Locale::ALL
        .into_iter()
        .map(|locale| {
            let source = i18n::spa_source(locale);
            let digest = Sha256::digest(source.as_bytes());
            let tag: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
            let mut gz = GzEncoder::new(Vec::new(), Compression::best());
            let gzip = gz
                .write_all(source.as_bytes())
                .and_then(|()| gz.finish())
                .unwrap_or_default();
            Words {
                locale,
                source,
                gzip,
                etag: EntityTag::new_strong(tag),
            }
        })
        .collect()
});

/// The portal's and the account pages' words in one language (`en`, `es`
/// or `fr`), as one Fluent source. Revalidated on every load (`ETag`), so
/// a deploy's new words are read at once.
#[utoipa::path(get, path = "/api/v1/portal/words/{language}", tag = "portal",
    params(("language" = String, Path, description = "a language tag: en, es or fr")),
    responses(
        (status = 200, description = "the Fluent source", content_type = "text/plain"),
        (status = 304, description = "the copy the browser holds is current"),
        (status = 404, description = "no such language", body = ringledger_shared::error::ErrorBody)))]
#[get("/portal/words/{language}")]
pub async fn portal_words(
    request: HttpRequest,
    language: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let Some(words) = WORDS.iter().find(|w| w.locale.tag() == language.as_str()) else {
        return Err(AppError::not_found("language").into());
    };
    let etag = &words.etag;
    // If-None-Match compares weakly (RFC 9110 13.1.2); `*` matches any copy.
    let held = match request.get_header::<IfNoneMatch>() {
        Some(IfNoneMatch::Any) => true,
        Some(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(etag)),
        None => false,
    };
    let mut response = if held {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header(ETag(etag.clone()))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::VARY, "Accept-Encoding"));
    if held {
        return Ok(response.finish());
    }
    response.content_type("text/plain; charset=utf-8");
    let accept = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // The gzip copy when the browser takes it (the Compress middleware
    // leaves a response that names its encoding alone).
    // Both copies live as long as the process: sent without a copy.
    Ok(if !words.gzip.is_empty() && accepts(accept, "gzip") {
        response
            .insert_header(header::ContentEncoding::Gzip)
            .body(web::Bytes::from_static(&words.gzip))
    } else {
        response.body(web::Bytes::from_static(words.source.as_bytes()))
    })
}
