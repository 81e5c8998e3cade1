//! The API a switch calls (authenticated by a switch key).

pub mod lookup;
