//! Destination groups: named sets of prefixes that allowances cover.

pub mod create_group;
pub mod list_groups;
