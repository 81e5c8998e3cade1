//! The brand of the site the browser is on.

pub mod get_portal;
