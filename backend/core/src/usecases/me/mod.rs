//! The signed-in caller, whoever they are: staff, customer or platform
//! admin.

pub mod get_me;
pub mod sessions;
pub mod two_factor;
