//! Destination groups: named sets of prefixes that bundle allowances
//! cover; creating and listing them.

pub mod create_group;
pub mod list_groups;
