//! The failure every use case can report: a wire [`ErrorCode`] (what went
//! wrong, in the client's terms), a message safe to show, the field at
//! fault, and the internal cause to log. The HTTP edge
//! (`ringledger_http::error`) turns it into a status and the one JSON
//! envelope; nothing here knows about HTTP.

use ringledger_shared::ErrorCode;
use ringledger_shared::error::FieldError;
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

/// Result of use cases.
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
    /// racing another one for the same name or number, and a deadlock one
    /// that waited for another's rows while that one waited for its:
    /// `409 conflict`, never a 500. Everything else is ours to fix.
    fn from(e: sea_orm::DbErr) -> Self {
        if ringledger_db::repo::is_unique_violation(&e) || ringledger_db::repo::is_deadlock(&e) {
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

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_ref().map(|c| c.as_ref() as _)
    }
}

/// Declares a use case's own error enum: the variants it lists (each with
/// its `#[error("…")]` text, the message a client sees), plus the three
/// every use case can meet — `Invalid` (a request field, named), `Store`
/// (the database) and `Other` (a service it composes, already in wire
/// terms). The HTTP edge maps each variant to a code
/// (`ringledger_http::edge!`); nothing here decides a status.
#[macro_export]
macro_rules! use_case_error {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident $( ( $($field:ty),* $(,)? ) )?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, thiserror::Error)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant $( ( $($field),* ) )?,
            )*
            /// A field of the request is invalid.
            #[error(transparent)]
            Invalid(#[from] ringledger_shared::error::FieldError),
            /// The database failed (a unique-key race answers `409`).
            #[error(transparent)]
            Store(#[from] sea_orm::DbErr),
            /// A service this use case composes failed.
            #[error(transparent)]
            Other(#[from] $crate::error::AppError),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_become_validation_failed_with_field() {
        let e: AppError = FieldError::new("slug", "is reserved").into();
        assert_eq!(e.code, ErrorCode::ValidationFailed);
        assert_eq!(e.field.as_deref(), Some("slug"));
    }
}
