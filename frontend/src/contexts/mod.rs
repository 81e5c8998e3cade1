//! App-wide state shared through Leptos contexts.

pub mod brand;
pub mod session;

pub use brand::{Brand, use_brand};
pub use session::{AuthState, Session, use_session};
