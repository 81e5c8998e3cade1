//! The security headers every response carries (HTML and API alike).
//!
//! The Content-Security-Policy is one the SPA satisfies: its scripts are
//! files of this origin (the boot script too: no inline script), its Wasm
//! needs `'wasm-unsafe-eval'`, it talks to this origin only, and no other
//! site may frame a page (`frame-ancestors 'none'`, clickjacking). Inline
//! `style` attributes stay allowed: the charts and progress bars set them.
//! HSTS is sent only when the public scheme is https (a browser would
//! otherwise refuse the plain-http development setup for a year).

use actix_web::middleware::DefaultHeaders;

/// The Content-Security-Policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; \
font-src 'self'; \
connect-src 'self'; \
object-src 'none'; \
base-uri 'self'; \
form-action 'self'; \
frame-ancestors 'none'";

/// Browser features no Ringledger page uses.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/// HSTS for a site served over https.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// The headers, for a site whose public scheme is `scheme`.
pub fn security_headers(scheme: &str) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Frame-Options", "DENY"))
        .add(("Permissions-Policy", PERMISSIONS_POLICY))
        .add(("Cross-Origin-Opener-Policy", "same-origin"));
    if scheme.eq_ignore_ascii_case("https") {
        headers.add(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY))
    } else {
        headers
    }
}
