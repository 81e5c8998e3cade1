//! Sign-up, log-in, session refresh and log-out.

use super::{ApiError, get_json, post, post_json};
use ringledger_shared::api::routes;
use ringledger_shared::api::{
    FindConsoleRequest, FindConsoleResponse, LoginRequest, MeView, RefreshRequest, SessionView,
    SignupRequest, SignupResponse,
};

/// `POST /api/v1/tenants`: an operator signs up.
pub async fn signup(request: &SignupRequest) -> Result<SignupResponse, ApiError> {
    post_json(routes::CREATE_TENANT.rel(), None, request).await
}

/// `POST /api/v1/tenants/find-console`: where a company's console is (a
/// portal address), or its links e-mailed (an e-mail address).
pub async fn find_console(address: &str) -> Result<FindConsoleResponse, ApiError> {
    let request = FindConsoleRequest {
        address: address.to_owned(),
    };
    post_json(routes::FIND_CONSOLE.rel(), None, &request).await
}

/// `POST /api/v1/auth/login`: staff (on a portal host) or a platform admin
/// (on the bare host) logs in.
pub async fn login(request: &LoginRequest) -> Result<SessionView, ApiError> {
    post_json(routes::LOGIN.rel(), None, request).await
}

/// `POST /api/v1/auth/refresh`: with `None` the `rl_refresh` cookie is used.
pub async fn refresh(refresh_token: Option<String>) -> Result<SessionView, ApiError> {
    match refresh_token {
        Some(t) => {
            let body = RefreshRequest {
                refresh_token: Some(t),
            };
            post_json(routes::REFRESH_SESSION.rel(), None, &body).await
        }
        None => {
            let response =
                super::post(routes::REFRESH_SESSION.rel(), None, &serde_json::json!({})).await?;
            // 204: no session cookie, nobody is signed in (not an error).
            if response.status() == 204 {
                return Err(ApiError::signed_out());
            }
            super::read_json(response).await
        }
    }
}

/// `POST /api/v1/auth/verify-email`: a staff member's e-mailed link.
pub async fn verify_staff_email(token: &str) -> Result<(), ApiError> {
    let body = ringledger_shared::api::customers::VerifyEmailRequest {
        token: token.to_owned(),
    };
    post(routes::VERIFY_STAFF_EMAIL.rel(), None, &body)
        .await
        .map(|_| ())
}

/// `POST /api/v1/auth/verify-email/resend`: a new link for the signed-in
/// staff member.
pub async fn resend_verification(token: &str) -> Result<(), ApiError> {
    post(
        routes::RESEND_VERIFICATION.rel(),
        Some(token),
        &serde_json::json!({}),
    )
    .await
    .map(|_| ())
}

/// `POST /api/v1/auth/logout`: revokes the cookie's session.
pub async fn logout() -> Result<(), ApiError> {
    post(routes::LOGOUT.rel(), None, &serde_json::json!({}))
        .await
        .map(|_| ())
}

/// `GET /api/v1/me`.
pub async fn me(token: &str) -> Result<MeView, ApiError> {
    get_json(routes::GET_ME.rel(), Some(token)).await
}
