//! Calling-card batches: prepaid stock generated at once (unique PINs and
//! serials), listed, and handed out as the cards of a batch.

pub mod create_batch;
pub mod export_batch;
pub mod list_batches;
