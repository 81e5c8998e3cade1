//! Resellers below the staff's seller: list, show, change terms; and a
//! reseller's own wholesale account with its parent. (Creating one is
//! `services::resellers::create`, called by the edge directly.)

pub mod get_reseller;
pub mod list_resellers;
pub mod update_reseller;
pub mod verify_domain;
pub mod wholesale;
