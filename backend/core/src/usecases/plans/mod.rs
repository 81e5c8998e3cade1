//! Single-service plans (per minute, flat monthly, or both): creating and
//! listing them, and the checks bundles share (service kinds, the deck a
//! plan prices from).

pub mod create_plan;
pub mod list_plans;
