//! Bundles: several services at one monthly price, with allowances.

pub mod create_bundle;
pub mod list_bundles;
