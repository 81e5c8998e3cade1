//! Work that more than one entry point (HTTP handler, CLI, job) performs.

pub mod deck_import;
