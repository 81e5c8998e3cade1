//! Ringledger's use cases, between the data floor (`ringledger-db`) and
//! the HTTP edge (`ringledger-http`): authorization and rating, CDR
//! ingest, billing, payments, sign-up, resellers, the outbox and the
//! background jobs.
//!
//! Map: `usecases` hold the use cases the edge calls (one file per route
//! file); `services` the domain work they compose; `auth` the credentials (passwords,
//! tokens, switch keys, the principals a request carries); `site`
//! resolves the portal from the `Host` header; `email` is the outbox and
//! its sender; `jobs` the periodic work; `ports` the edges a use case
//! reaches (clock, Stripe, mail, bill-run worker as traits; `Deps`); `state`
//! the process-wide state that wires them; `error` the use cases' error (`AppError`, `use_case_error!`);
//! `config` the settings.

pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod dns;
pub mod email;
pub mod error;
pub mod jobs;
pub mod metrics;
pub mod ports;
pub mod services;
pub mod signature;
pub mod site;
pub mod state;
pub mod urls;
pub mod usecases;
pub mod views;
pub mod webhooks;
pub mod write_feed;
