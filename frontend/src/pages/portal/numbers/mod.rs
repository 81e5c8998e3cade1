//! The portal's phone numbers (DIDs) for IP phones: the search of the free
//! numbers a portal offers, the sign-up's pick (reserved for the visitor)
//! and the account's numbers, taken and given back.

mod held;
mod search;
pub(crate) mod words;

pub use held::PhoneNumbersEditor;
pub use search::{NumberSearch, Search};
