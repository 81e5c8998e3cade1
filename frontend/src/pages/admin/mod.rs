//! `/admin`: the platform console.

pub mod tenants;
