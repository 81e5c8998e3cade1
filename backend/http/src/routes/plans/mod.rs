//! Single-service plans: per minute, flat monthly, or both.

pub mod create_plan;
pub mod list_plans;
