//! App-wide state shared through Leptos contexts.

pub mod brand;
pub mod language;
pub mod session;

pub use brand::{Brand, use_brand};
pub use language::{Language, t, tf, use_language};
pub use session::{AuthState, Session, use_session};
