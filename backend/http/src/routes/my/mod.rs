//! The customer's own portal API (`/api/v1/my/…`), on the seller's host.

pub mod add_service;
pub mod card;
pub mod change_password;
pub mod export_calls;
pub mod forgot_password;
pub mod get_account;
pub mod get_usage;
pub mod list_calls;
pub mod login;
pub mod manage_anis;
pub mod numbers;
pub mod pay;
pub mod register_card;
pub mod reset_password;
pub mod reveal_credentials;
pub mod sessions;
pub mod set_itemized;
pub mod set_language;
pub mod set_low_balance;
pub mod verify_email;

pub use ringledger_core::services::my_account::{account_unavailable, my_account};
