//! Error codes: one per thing a client may need to tell apart, and the one
//! wire envelope every error is sent in:
//! `{"error": {"code": "...", "message": "...", "field": "..." | null}}`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Every error a client can receive. The serialised form is snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A field of the request is missing or invalid; `field` names it.
    ValidationFailed,
    /// The body is not JSON of the expected shape.
    InvalidJson,
    /// An uploaded rate deck has problems; `problems` lists every one.
    InvalidDeck,
    /// The request needs a valid access token (or switch API key).
    AuthenticationRequired,
    /// The access or refresh token is expired, revoked or forged.
    InvalidToken,
    /// E-mail or password is wrong (deliberately not saying which).
    InvalidCredentials,
    /// The password is right; the second factor (an authenticator code or
    /// a recovery code) is missing or wrong.
    TwoFactorRequired,
    /// The principal is authenticated but may not do this.
    Forbidden,
    /// The staff member's role (or the API key's scope) does not include
    /// what this route needs.
    PermissionDenied,
    /// Too many attempts; retry later.
    RateLimited,
    /// The object does not exist, or belongs to another tenant.
    NotFound,
    /// The host name does not belong to any portal.
    PortalNotFound,
    /// The portal slug is already used by another operator.
    SlugTaken,
    /// The e-mail is already used by another login of this tenant.
    EmailTaken,
    /// The operator's account is suspended by the platform.
    TenantSuspended,
    /// The customer has not verified their e-mail yet.
    EmailNotVerified,
    /// The customer account is suspended or closed.
    AccountSuspended,
    /// The request conflicts with the current state of the object.
    Conflict,
    /// The HTTP method is not allowed on this route.
    MethodNotAllowed,
    /// The request body is too large.
    PayloadTooLarge,
    /// Card payments are not configured for this seller (no Stripe account).
    PaymentsNotConfigured,
    /// The card was declined or the payment did not go through.
    PaymentFailed,
    /// A dependency (the database) is not answering.
    ServiceUnavailable,
    /// Something failed on our side; the cause is logged, not sent.
    Internal,
}

impl ErrorCode {
    /// The HTTP status this code is sent with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::ValidationFailed | ErrorCode::InvalidJson | ErrorCode::InvalidDeck => 400,
            ErrorCode::AuthenticationRequired
            | ErrorCode::InvalidToken
            | ErrorCode::InvalidCredentials
            | ErrorCode::TwoFactorRequired => 401,
            ErrorCode::Forbidden
            | ErrorCode::PermissionDenied
            | ErrorCode::TenantSuspended
            | ErrorCode::EmailNotVerified
            | ErrorCode::AccountSuspended => 403,
            ErrorCode::NotFound | ErrorCode::PortalNotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::SlugTaken | ErrorCode::EmailTaken | ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::PaymentsNotConfigured => 409,
            ErrorCode::PaymentFailed => 402,
            ErrorCode::RateLimited => 429,
            ErrorCode::ServiceUnavailable => 503,
            ErrorCode::Internal => 500,
        }
    }

    /// The snake_case wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidDeck => "invalid_deck",
            ErrorCode::AuthenticationRequired => "authentication_required",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::TwoFactorRequired => "two_factor_required",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::PermissionDenied => "permission_denied",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::NotFound => "not_found",
            ErrorCode::PortalNotFound => "portal_not_found",
            ErrorCode::SlugTaken => "slug_taken",
            ErrorCode::EmailTaken => "email_taken",
            ErrorCode::TenantSuspended => "tenant_suspended",
            ErrorCode::EmailNotVerified => "email_not_verified",
            ErrorCode::AccountSuspended => "account_suspended",
            ErrorCode::Conflict => "conflict",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::PaymentsNotConfigured => "payments_not_configured",
            ErrorCode::PaymentFailed => "payment_failed",
            ErrorCode::ServiceUnavailable => "service_unavailable",
            ErrorCode::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The inside of [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Machine-readable code.
    pub code: ErrorCode,
    /// Human-readable explanation, safe to show to the user.
    pub message: String,
    /// The request field at fault, when there is one.
    pub field: Option<String>,
    /// Every problem of an uploaded file, by line (only for `invalid_deck`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<crate::rating::deck_csv::DeckProblem>>,
}

/// A validation failure of one named field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field name, as in the request body.
    pub field: &'static str,
    /// What is wrong with it.
    pub message: String,
}

impl FieldError {
    /// A new field error.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_serde() {
        for code in [
            ErrorCode::ValidationFailed,
            ErrorCode::InvalidCredentials,
            ErrorCode::TenantSuspended,
            ErrorCode::PortalNotFound,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn user_errors_are_4xx() {
        assert_eq!(ErrorCode::ValidationFailed.http_status(), 400);
        assert_eq!(ErrorCode::SlugTaken.http_status(), 409);
        assert_eq!(ErrorCode::NotFound.http_status(), 404);
        assert_eq!(ErrorCode::RateLimited.http_status(), 429);
    }
}
