//! Operators signing up.

pub mod create_tenant;
