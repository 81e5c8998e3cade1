//! Ringledger's server: REST API, jobs and CLI behind one binary.
//!
//! Map of the crate: `startup` builds the app; `routes/<resource>/<action>.rs`
//! hold one handler each; `auth` turns tokens into principals; `site`
//! resolves the portal from the `Host` header; `repo` is the only code that
//! touches the database (tenant-scoped by construction); `entities` are the
//! sea-orm tables; `error` is the one error type.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod email;
pub mod entities;
pub mod error;
pub mod extract;
pub mod jobs;
pub mod metrics;
pub mod repo;
pub mod routes;
pub mod services;
pub mod site;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod views;
