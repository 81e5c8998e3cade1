//! The brand of the site the browser is on.

pub mod customer_signup;
pub mod get_logo;
pub mod get_offers;
pub mod get_portal;
pub mod portal_numbers;
pub mod portal_words;
pub mod rate_lookup;
pub mod reserve_number;
