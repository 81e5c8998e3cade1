//! Serving the SPA: hashed assets with long cache headers, and a page (never
//! cached) for `/` and every client-side route: the page of the smallest
//! bundle that routes the path (`portal.html` for the portal's visitors,
//! `account.html` for a customer's account, `index.html` with every page for
//! the rest; `ringledger_shared::bundles`, issue 23).

use super::spa_assets::{AssetsDir, asset};
use crate::error::ApiError;
use actix_files::NamedFile;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::{HttpResponse, web};
use ringledger_core::error::AppError;
use ringledger_shared::ErrorCode;
use ringledger_shared::bundles::Bundle;
use std::path::{Path, PathBuf};

/// Registers `/assets` (pre-compressed copies preferred, see
/// `spa_assets.rs`) and the index fallback under `static_dir`.
pub fn configure(cfg: &mut web::ServiceConfig, static_dir: &Path) {
    let pages = Pages(static_dir.to_path_buf());
    cfg.app_data(web::Data::new(AssetsDir(static_dir.join("assets"))))
        .route("/assets/{file}", web::get().to(asset))
        .route("/assets/{file}", web::head().to(asset))
        .route("/assets/{dir}/{file}", web::get().to(asset))
        .route("/assets/{dir}/{file}", web::head().to(asset));
    cfg.default_service(web::to(move |req: actix_web::HttpRequest| {
        let page = pages.for_path(req.path());
        async move { serve_index(req, page).await }
    }));
}

/// The folder holding the SPA's pages, one per bundle.
#[derive(Clone)]
struct Pages(PathBuf);

impl Pages {
    /// The page for `path`: its bundle's when that is built (a build from
    /// before the split has only `index.html`, which routes every page).
    fn for_path(&self, path: &str) -> PathBuf {
        let page = self.0.join(Bundle::for_path(path).page());
        if page.is_file() {
            page
        } else {
            self.0.join(Bundle::Console.page())
        }
    }
}

async fn serve_index(
    req: actix_web::HttpRequest,
    index: PathBuf,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if path.starts_with("/assets/") {
        return Err(AppError::new(ErrorCode::NotFound, "no such asset").into());
    }
    if path.starts_with("/api/") || path == "/api" {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!("no API route {} {path}", req.method()),
        )
        .into());
    }
    if req.method() != actix_web::http::Method::GET && req.method() != actix_web::http::Method::HEAD
    {
        return Err(AppError::new(ErrorCode::MethodNotAllowed, "only GET is served here").into());
    }
    let file = NamedFile::open(&index).map_err(|_| {
        AppError::new(
            ErrorCode::ServiceUnavailable,
            "the web app is not built yet: run scripts/build-frontend.sh",
        )
    })?;
    let mut res = file.use_etag(true).into_response(&req);
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}

/// Adds `Cache-Control: public, max-age=31536000, immutable` to hashed assets.
pub fn long_cache(res: &mut ServiceResponse) {
    if res.request().path().starts_with("/assets/") && res.status().is_success() {
        res.headers_mut().insert(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
}
