//! Ringledger's pure domain and wire types.
//!
//! This crate compiles to native code (the server) *and* to `wasm32` (the SPA),
//! so it holds nothing that touches a database, a socket or a runtime: only
//! values, their validation ("parse, don't validate") and the arithmetic the
//! product bills with.

pub mod access;
pub mod api;
pub mod billing;
pub mod bundles;
pub mod csv_safe;
pub mod error;
pub mod format;
pub mod i18n;
pub mod ids;
pub mod ledger;
pub mod locale;
pub mod money;
pub mod rating;
pub mod status;
pub mod validate;

pub use error::ErrorCode;
