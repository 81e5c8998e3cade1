//! Login, session refresh and logout. The host decides whose login it is:
//! a seller portal logs in that tenant's staff; the bare host, platform admins.

pub mod forgot_password;
pub mod login;
pub mod logout;
pub mod refresh;
pub mod resend_verification;
pub mod verify_staff_email;

use crate::cookies::REFRESH_COOKIE;
use crate::error::ApiResult;
use crate::extract::parse_json;
use actix_web::HttpRequest;
use ringledger_shared::api::RefreshRequest;

/// The refresh token of a request: from the JSON body if given, else the cookie.
pub(crate) fn presented_refresh_token(req: &HttpRequest, body: &[u8]) -> ApiResult<Option<String>> {
    let parsed: RefreshRequest = if body.iter().all(u8::is_ascii_whitespace) {
        RefreshRequest::default()
    } else {
        parse_json(body)?
    };
    Ok(parsed
        .refresh_token
        .filter(|t| !t.trim().is_empty())
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()))
        .filter(|t| !t.is_empty()))
}
