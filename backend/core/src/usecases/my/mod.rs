//! The signed-in customer's own portal (`/my/…`): the account and its
//! services, usage and calls, caller numbers, prepaid cards, the saved card and
//! auto top-up, the low-balance alert, the password, sign-in and e-mail
//! verification.

pub mod add_service;
pub mod calls;
pub mod card;
pub mod change_password;
pub mod forgot_password;
pub mod get_account;
pub mod get_usage;
pub mod login;
pub mod manage_anis;
pub mod numbers;
pub mod register_card;
pub mod reset_password;
pub mod reveal_credentials;
pub mod set_itemized;
pub mod set_language;
pub mod set_low_balance;
pub mod verify_email;
