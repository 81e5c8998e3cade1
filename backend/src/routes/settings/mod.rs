//! The seller's settings.

pub mod account_settings;
