//! The HTTP edge of errors: every handler answers `Result<_, ApiError>`;
//! an [`ApiError`] wraps the use cases' [`AppError`], its code decides the
//! status, and the body is the one JSON envelope (`ErrorBody`). The cause
//! chain is logged for 5xx, never sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use ringledger_core::error::AppError;
use ringledger_shared::ErrorCode;
use ringledger_shared::error::{ErrorBody, ErrorDetail, FieldError};
use std::fmt;

/// An error answered to a client.
#[derive(Debug)]
pub struct ApiError(pub AppError);

/// What handlers return.
pub type ApiResult<T> = Result<T, ApiError>;

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        Self(e.into())
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self(e.into())
    }
}

impl From<sea_orm::TransactionError<AppError>> for ApiError {
    fn from(e: sea_orm::TransactionError<AppError>) -> Self {
        Self(e.into())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.0.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let e = &self.0;
        let status = self.status_code();
        if status.is_server_error() {
            match &e.cause {
                Some(cause) => tracing::error!(code = %e.code, error = ?cause, "request failed"),
                None => tracing::error!(code = %e.code, "request failed"),
            }
        }
        HttpResponse::build(status).json(ErrorBody {
            error: ErrorDetail {
                code: e.code,
                message: e.message.clone(),
                field: e.field.clone(),
                problems: e.problems.clone(),
            },
        })
    }
}

/// Maps a use case's error (declared with `ringledger_core::use_case_error!`)
/// to the envelope: each listed variant to its wire code, with the
/// error's own text as the message; `Invalid`, `Store` and `Other` as
/// every error. The enum must be in scope by its name.
///
/// ```ignore
/// edge!(CancelServiceError { ServiceNotFound => NotFound, AlreadyCancelled => Conflict });
/// ```
#[macro_export]
macro_rules! edge {
    ($name:ident { $($variant:ident => $code:ident),* $(,)? }) => {
        impl From<$name> for $crate::error::ApiError {
            fn from(e: $name) -> Self {
                #[allow(unused_variables)]
                let message = e.to_string();
                match e {
                    $(
                        $name::$variant { .. } => $crate::error::ApiError(
                            ringledger_core::error::AppError::new(
                                ringledger_shared::ErrorCode::$code,
                                message,
                            ),
                        ),
                    )*
                    $name::Invalid(f) => f.into(),
                    $name::Store(d) => d.into(),
                    $name::Other(a) => a.into(),
                }
            }
        }
    };
}

/// `503`: a request ran past `RINGLEDGER_REQUEST_TIMEOUT_SECS` and was
/// stopped (its transaction, if any, rolled back).
pub fn too_slow(limit: std::time::Duration) -> ApiError {
    ApiError(AppError::new(
        ErrorCode::ServiceUnavailable,
        format!(
            "the request took longer than {} s and was stopped",
            limit.as_secs()
        ),
    ))
}

/// `answer`, or [`too_slow`] once `limit` has passed (the answer's future
/// is dropped: an open transaction rolls back).
pub async fn within<T>(
    limit: std::time::Duration,
    answer: impl std::future::Future<Output = Result<T, actix_web::Error>>,
) -> Result<T, actix_web::Error> {
    tokio::time::timeout(limit, answer)
        .await
        .unwrap_or_else(|_| Err(too_slow(limit).into()))
}

/// Turns path-parameter failures (e.g. a malformed id) into `404 not_found`:
/// an id that cannot exist names no object.
pub fn path_error_handler(
    _err: actix_web::error::PathError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    ApiError(AppError::not_found("object")).into()
}

/// Query-string failures become `400 validation_failed`.
pub fn query_error_handler(
    err: actix_web::error::QueryPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    let message = err.to_string();
    let error = match crate::query::field_of(&message) {
        Some(field) => {
            let text = message
                .split_once(field)
                .map_or(message.as_str(), |(_, rest)| rest);
            AppError::new(ErrorCode::ValidationFailed, format!("{field}{text}")).with_field(field)
        }
        None => AppError::new(
            ErrorCode::ValidationFailed,
            format!("invalid query string: {err}"),
        ),
    };
    ApiError(error).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_past_its_time_limit_is_a_503() {
        let limit = std::time::Duration::from_millis(20);
        let slow = async {
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            Ok::<u8, actix_web::Error>(1)
        };
        let e = within(limit, slow)
            .await
            .err()
            .map(|e| e.as_response_error().status_code());
        assert_eq!(e, Some(StatusCode::SERVICE_UNAVAILABLE));
        let quick = async { Ok::<u8, actix_web::Error>(2) };
        assert_eq!(within(limit, quick).await.ok(), Some(2));
    }

    #[test]
    fn field_errors_become_400_with_field() {
        let e: ApiError = FieldError::new("slug", "is reserved").into();
        assert_eq!(e.status_code(), StatusCode::BAD_REQUEST);
        assert_eq!(e.0.field.as_deref(), Some("slug"));
    }
}
