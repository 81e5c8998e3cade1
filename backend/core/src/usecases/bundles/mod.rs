//! Bundles: several services at one monthly price, with allowances of
//! minutes to destination groups; creating and listing them.

pub mod create_bundle;
pub mod list_bundles;
