//! Outbound webhooks: events written in the transaction of their cause
//! (`emit`), one delivery per listening endpoint, and the sender that
//! claims, signs and posts them, retrying with back-off for three days
//! (`sender`), to addresses it checked are public (`target`).
//!
//! An endpoint of a seller receives the events of that seller's objects
//! and of every reseller below it (an operator's CRM sees all its
//! customers; a reseller's sees only its own).

pub mod emit;
pub mod events;
pub mod objects;
pub mod schedule;
pub mod sender;
pub mod target;

pub use emit::{Emit, emit};
pub use sender::{flush, kick};
