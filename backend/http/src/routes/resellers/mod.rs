//! Resellers below the staff's seller: create, list, show, change terms.

pub mod create_reseller;
pub mod get_reseller;
pub mod list_resellers;
pub mod update_reseller;
pub mod verify_domain;
pub mod wholesale;
