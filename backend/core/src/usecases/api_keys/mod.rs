//! API keys for a seller's own systems: creating (the whole key is shown
//! once), listing (never the secret) and revoking. Owners only
//! (`api_keys` permission).

pub mod create_api_key;
pub mod list_api_keys;
pub mod revoke_api_key;

use ringledger_db::entities::api_keys;
use ringledger_shared::api::team::ApiKeyView;

/// A stored key as the API shows it (never the secret).
pub fn view(k: &api_keys::Model) -> ApiKeyView {
    ApiKeyView {
        id: k.id,
        name: k.name.clone(),
        scope: k.scope,
        last4: k.last4.clone(),
        created_at: k.created_at,
        expires_at: k.expires_at,
        revoked_at: k.revoked_at,
        last_used_at: k.last_used_at,
        last_used_ip: k.last_used_ip.clone(),
        key: None,
    }
}
