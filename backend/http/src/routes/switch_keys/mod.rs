//! API keys for the operator's switches.

pub mod create_key;
pub mod list_keys;
pub mod revoke_key;
