//! The API a switch calls (authenticated by a switch key).

pub mod authorize;
pub mod inbound;
pub mod lookup;
pub mod lookup_by_body;
pub mod post_cdrs;
