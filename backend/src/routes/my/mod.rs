//! The customer's own portal API (`/api/v1/my/…`), on the seller's host.

pub mod get_account;
pub mod login;
pub mod reveal_credentials;
pub mod verify_email;

use crate::error::AppError;
use ringledger_shared::ErrorCode;

/// `403 account_suspended`.
pub fn account_unavailable() -> AppError {
    AppError::new(
        ErrorCode::AccountSuspended,
        "this account is suspended or closed; contact support",
    )
}
