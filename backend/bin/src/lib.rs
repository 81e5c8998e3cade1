//! The `ringledger` binary's library: the command line (`cli`) and the
//! logging set-up (`telemetry`), on top of the floors below.
//!
//! The floors, each importing only those beneath it:
//! `ringledger-shared` → `ringledger-db` → `ringledger-core` →
//! `ringledger-http` → `ringledger`. They are re-exported here under
//! their old module names, so the integration tests and tools can reach
//! them through one crate.

pub mod cli;
pub mod telemetry;

pub use ringledger_core::{
    auth, clock, config, email, error, jobs, metrics, services, site, state, usecases, views,
};
pub use ringledger_db::{entities, repo};
pub use ringledger_http::{extract, routes, startup};
