//! The API a switch calls (authenticated by a switch key): looking an
//! identifier up. (Authorising a call is `services::authorize`, taking
//! CDRs `services::cdr_ingest::ingest`.)

pub mod inbound;
pub mod lookup;
