//! Operator reports.

pub mod revenue;
