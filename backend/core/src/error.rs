//! The one error type of the server. Every failure a handler can meet becomes
//! an [`AppError`]: the code decides the status and the wire body; the cause
//! chain is logged, never sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use ringledger_shared::ErrorCode;
use ringledger_shared::error::{ErrorBody, ErrorDetail, FieldError};
use std::fmt;

/// An error answered to a client.
#[derive(Debug)]
pub struct AppError {
    /// What the client is told.
    pub code: ErrorCode,
    /// Message safe to show.
    pub message: String,
    /// The request field at fault.
    pub field: Option<String>,
    /// The internal cause, logged for 5xx.
    pub cause: Option<anyhow::Error>,
    /// Every problem of an uploaded file (`invalid_deck`).
    pub problems: Option<Vec<ringledger_shared::rating::deck_csv::DeckProblem>>,
}

/// Result of handlers and services.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// An error with a code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            cause: None,
            problems: None,
        }
    }

    /// Names the field at fault.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// `404 not_found` — also what another tenant's object answers.
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    /// `401 authentication_required`.
    pub fn unauthenticated() -> Self {
        Self::new(
            ErrorCode::AuthenticationRequired,
            "sign in first: this needs a valid access token",
        )
    }

    /// `403 forbidden`.
    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, "you may not do this")
    }

    /// `500 internal` with a cause to log.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            code: ErrorCode::Internal,
            message: "something went wrong on our side; it has been logged".into(),
            field: None,
            cause: Some(cause.into()),
            problems: None,
        }
    }

    /// The first of a list of field errors, as `400 validation_failed`.
    pub fn from_fields(errors: Vec<FieldError>) -> Self {
        match errors.into_iter().next() {
            Some(e) => e.into(),
            None => Self::new(ErrorCode::ValidationFailed, "the request is invalid"),
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        Self::new(
            ErrorCode::ValidationFailed,
            format!("{} {}", e.field, e.message),
        )
        .with_field(e.field)
    }
}

impl From<sea_orm::DbErr> for AppError {
    /// A unique-key violation that no handler anticipated is a request
    /// racing another one for the same name or number: `409 conflict`, never
    /// a 500. Everything else is ours to fix.
    fn from(e: sea_orm::DbErr) -> Self {
        if ringledger_db::repo::is_unique_violation(&e) {
            let mut conflict = Self::new(
                ErrorCode::Conflict,
                "this conflicts with a change made at the same moment; reload and try again",
            );
            conflict.cause = Some(e.into());
            return conflict;
        }
        Self::internal(e)
    }
}

impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(e: sea_orm::TransactionError<AppError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => Self::internal(db),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            match &self.cause {
                Some(cause) => tracing::error!(code = %self.code, error = ?cause, "request failed"),
                None => tracing::error!(code = %self.code, "request failed"),
            }
        }
        HttpResponse::build(status).json(ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message.clone(),
                field: self.field.clone(),
                problems: self.problems.clone(),
            },
        })
    }
}

/// Turns actix's JSON extraction failures into `400 invalid_json`, naming
/// the field when serde says which one is wrong.
pub fn json_error_handler(
    err: actix_web::error::JsonPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as J;
    let app = match &err {
        J::OverflowKnownLength { .. } | J::Overflow { .. } => {
            AppError::new(ErrorCode::PayloadTooLarge, "the request body is too large")
        }
        J::ContentType => AppError::new(
            ErrorCode::InvalidJson,
            "send the body as JSON with Content-Type: application/json",
        ),
        J::Deserialize(de) => {
            let msg = de.to_string();
            let field = field_from_serde_message(&msg);
            let mut e = AppError::new(
                ErrorCode::InvalidJson,
                format!("the body is not valid: {msg}"),
            );
            if let Some(f) = field {
                e = e.with_field(f);
            }
            e
        }
        other => AppError::new(
            ErrorCode::InvalidJson,
            format!("the body could not be read: {other}"),
        ),
    };
    app.into()
}

/// Turns path-parameter failures (e.g. a malformed id) into `404 not_found`:
/// an id that cannot exist names no object.
pub fn path_error_handler(
    _err: actix_web::error::PathError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    AppError::not_found("object").into()
}

/// Query-string failures become `400 validation_failed`.
pub fn query_error_handler(
    err: actix_web::error::QueryPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    AppError::new(
        ErrorCode::ValidationFailed,
        format!("invalid query string: {err}"),
    )
    .into()
}

/// Extracts the field name from serde messages such as
/// "invalid type: integer `1`, expected a string at line 1 column 12" — which
/// do not carry it — or "missing field `email`", which does.
fn field_from_serde_message(msg: &str) -> Option<String> {
    let start = msg.find("field `")? + "field `".len();
    let rest = &msg[start..];
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_field_is_extracted() {
        assert_eq!(
            field_from_serde_message("missing field `email` at line 1 column 2"),
            Some("email".into())
        );
        assert_eq!(field_from_serde_message("expected value"), None);
    }

    #[test]
    fn field_errors_become_400_with_field() {
        let e: AppError = FieldError::new("slug", "is reserved").into();
        assert_eq!(e.status_code(), StatusCode::BAD_REQUEST);
        assert_eq!(e.field.as_deref(), Some("slug"));
    }
}
