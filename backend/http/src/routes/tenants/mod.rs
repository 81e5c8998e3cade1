//! Operators signing up.

pub mod create_tenant;
pub mod find_console;
