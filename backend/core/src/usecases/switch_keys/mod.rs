//! API keys for the operator's switches: minting (the whole key is shown
//! once), listing (never the secret) and revoking.

pub mod create_key;
pub mod list_keys;
pub mod revoke_key;

use ringledger_db::entities::switch_keys;
use ringledger_shared::api::customers::SwitchKeyView;

/// A stored key as the API shows it (never the secret).
pub fn key_view(k: &switch_keys::Model) -> SwitchKeyView {
    SwitchKeyView {
        id: k.id,
        name: k.name.clone(),
        last4: k.last4.clone(),
        key: None,
        created_at: k.created_at,
        revoked_at: k.revoked_at,
    }
}
