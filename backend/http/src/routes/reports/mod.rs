//! Operator reports.

pub mod margin;
pub mod revenue;
