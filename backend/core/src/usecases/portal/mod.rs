//! The public side of a portal, by the request's host: its brand and
//! logo, the offers on sale and their rates, and the visitor's sign-up.

pub mod customer_signup;
pub mod get_logo;
pub mod get_offers;
pub mod get_portal;
pub mod numbers;
pub mod rate_lookup;
