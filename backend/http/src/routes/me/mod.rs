//! The logged-in user.

pub mod get_me;
pub mod sessions;
pub mod two_factor;
