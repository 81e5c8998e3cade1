//! Operators signing up: a tenant, its operator seller and its owner's
//! login, created at once.

pub mod create_tenant;
pub mod find_console;
