//! The refresh token's http-only cookie.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use ringledger_core::state::AppState;

/// Name of the http-only refresh cookie.
pub const REFRESH_COOKIE: &str = "rl_refresh";
/// Path the refresh cookie is sent to.
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

/// The http-only cookie carrying a refresh token.
pub fn refresh_cookie(state: &AppState, token: &str) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token.to_owned())
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .secure(secure(state.settings()))
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(
            state.settings().refresh_token_ttl_days as i64,
        ))
        .finish()
}

/// Whether cookies carry `Secure`: always when the site is served over
/// https, and whenever `RINGLEDGER_SECURE_COOKIES` asks for it.
pub fn secure(settings: &ringledger_core::config::Settings) -> bool {
    settings.secure_cookies || settings.public_scheme.eq_ignore_ascii_case("https")
}

/// A cookie that removes the refresh cookie.
pub fn clear_refresh_cookie(state: &AppState) -> Cookie<'static> {
    let mut c = refresh_cookie(state, "");
    c.make_removal();
    c
}
