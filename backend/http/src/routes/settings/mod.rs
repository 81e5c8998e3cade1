//! The seller's settings.

pub mod account_settings;
pub mod brand;
pub mod logo;
pub mod on_net;
pub mod pricing;
pub mod reseller_settings;
