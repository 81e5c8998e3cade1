//! The audit log: the Activity page and its CSV export.

pub mod export_events;
pub mod list_events;
