//! Calling-card batches: prepaid stock generated at once, exported as CSV.

pub mod create_batch;
pub mod export_batch;
pub mod list_batches;
