//! Ringledger's data floor: the sea-orm [`entities`] (one per table) and
//! the [`repo`]sitories, the only code that touches the database. Every
//! tenant-owned query goes through a tenant-scoped transaction
//! ([`repo::TenantTx`]); the raw connection never leaves this crate.
//!
//! Imports only `ringledger-shared` and the migrations' schema constants:
//! nothing above it (use cases, HTTP) can leak in.

pub mod entities;
pub mod repo;
