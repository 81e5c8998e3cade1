//! The use cases the HTTP edge calls, one file per route file, mirroring
//! `ringledger-http`'s `routes/<resource>/<action>.rs`: each opens and
//! commits its own transaction and answers its own error enum
//! (`use_case_error!`), which the edge maps to the wire.

pub mod admin;
pub mod auth;
pub mod billing;
pub mod books;
pub mod bundles;
pub mod card_batches;
pub mod cdrs;
pub mod customers;
pub mod destination_groups;
pub mod me;
pub mod my;
pub mod payments;
pub mod plans;
pub mod portal;
pub mod rate_decks;
pub mod reports;
pub mod resellers;
pub mod settings;
pub mod switch;
pub mod switch_keys;
pub mod tenants;
