//! Switch API keys: `rlk_{tenant}_{key id}_{secret}` (ids as 32 hex digits),
//! only SHA-256(secret) stored. [`presented`] parses a switch's
//! `Authorization: Bearer rlk_…`; [`verify_cached`] (no await, from the
//! authorization cache) or [`verify`] turns it into a [`SwitchPrincipal`].

use crate::error::AppError;
use crate::services::auth_cache::KeyState;
use crate::state::AppState;
use base64::Engine;
use rand::RngCore;
use ringledger_shared::ErrorCode;
use ringledger_shared::ids::TenantId;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

/// A new key: the full text (shown once) and its stored hash.
pub struct NewKey {
    /// `rlk_…`.
    pub key: String,
    /// Hex SHA-256 of the secret part.
    pub hash: String,
}

/// The prefix of a switch key.
pub const PREFIX: &str = "rlk_";

/// Mints a key for `tenant` with row id `id`.
pub fn mint(tenant: TenantId, id: Uuid) -> NewKey {
    mint_with(PREFIX, tenant, id)
}

/// Mints a `{prefix}{tenant}_{id}_{secret}` key (switch keys, and the API
/// keys of `auth::api_key`).
pub fn mint_with(prefix: &str, tenant: TenantId, id: Uuid) -> NewKey {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret);
    NewKey {
        key: format!(
            "{prefix}{}_{}_{secret}",
            tenant.as_uuid().simple(),
            id.simple()
        ),
        hash: super::refresh::hash_secret(&secret),
    }
}

/// Splits a presented key.
pub fn parse(key: &str) -> Option<(TenantId, Uuid, &str)> {
    parse_with(PREFIX, key)
}

/// Splits a presented `{prefix}…` key: (tenant, id, secret).
pub fn parse_with<'k>(prefix: &str, key: &'k str) -> Option<(TenantId, Uuid, &'k str)> {
    let rest = key.trim().strip_prefix(prefix)?;
    let (tenant, rest) = rest.split_once('_')?;
    let (id, secret) = rest.split_once('_')?;
    Some((
        TenantId(Uuid::parse_str(tenant).ok()?),
        Uuid::parse_str(id).ok()?,
        secret,
    ))
}

/// A switch of one tenant.
#[derive(Debug, Clone, Copy)]
pub struct SwitchPrincipal {
    /// The tenant every lookup is scoped to.
    pub tenant_id: TenantId,
    /// The key used.
    pub key_id: Uuid,
}

fn refused() -> AppError {
    AppError::new(
        ErrorCode::InvalidToken,
        "the switch API key is invalid or revoked",
    )
}

/// A key's state, from the authorization cache or read afresh.
async fn key_state(state: &AppState, tenant: TenantId, id: Uuid) -> Result<KeyState, AppError> {
    let stamp = state.repos().stamp(tenant);
    if let Some(k) = state
        .auth_cache()
        .key(tenant, id, stamp, state.repos().following_writes())
    {
        return Ok(k);
    }
    let platform = state.repos().platform_read().await?;
    let active = platform
        .tenant(tenant)
        .await?
        .is_some_and(|t| t.status == ringledger_shared::api::TenantStatus::Active);
    platform.commit().await?;
    let key = if active {
        let tx = state.repos().tenant_read(tenant).await?;
        let key = tx.sellers().switch_key(id).await?;
        tx.commit().await?;
        key
    } else {
        None
    };
    let mut digest = [0u8; 32];
    let stored = key
        .as_ref()
        .is_some_and(|k| hex::decode_to_slice(&k.key_hash, &mut digest).is_ok());
    let k = KeyState {
        usable: stored && key.as_ref().is_some_and(|k| k.revoked_at.is_none()),
        digest,
        tenant_suspended: !active,
    };
    state.auth_cache().put_key(tenant, id, stamp, k.clone());
    Ok(k)
}

/// A presented key, split and its secret hashed (nothing borrowed, so a
/// request's future can own it).
#[derive(Debug, Clone, Copy)]
pub struct Presented {
    tenant: TenantId,
    id: Uuid,
    digest: [u8; 32],
}

/// Reads `authorization` (`Bearer rlk_…`; `None`: no header): `401` unless
/// it has the shape of a switch key.
pub fn presented(authorization: Option<&str>) -> Result<Presented, AppError> {
    let header = authorization
        .map(|h| h.trim_start_matches("Bearer ").trim())
        .ok_or_else(AppError::unauthenticated)?;
    let (tenant, id, secret) = parse(header).ok_or_else(refused)?;
    Ok(Presented {
        tenant,
        id,
        digest: Sha256::digest(secret.as_bytes()).into(),
    })
}

/// The switch of `key`, given its state: `403` when the tenant is
/// suspended, `401` unless the key is usable and its secret matches
/// (compared in constant time).
fn check(key: &KeyState, p: Presented) -> Result<SwitchPrincipal, AppError> {
    if key.tenant_suspended {
        return Err(crate::auth::principal::suspended());
    }
    if key.usable && bool::from(p.digest.ct_eq(&key.digest)) {
        Ok(SwitchPrincipal {
            tenant_id: p.tenant,
            key_id: p.id,
        })
    } else {
        Err(refused())
    }
}

/// The switch presenting `p` if its key's state is in the authorization
/// cache (`None`: [`verify`] must read it) — no allocation, no await.
pub fn verify_cached(state: &AppState, p: Presented) -> Option<Result<SwitchPrincipal, AppError>> {
    let stamp = state.repos().stamp(p.tenant);
    let key = state
        .auth_cache()
        .key(p.tenant, p.id, stamp, state.repos().following_writes())?;
    Some(check(&key, p))
}

/// The switch presenting `p`: `401` unless the key is known, unrevoked
/// and its secret matches; `403` when the tenant is suspended.
pub async fn verify(state: &AppState, p: Presented) -> Result<SwitchPrincipal, AppError> {
    let key = key_state(state, p.tenant, p.id).await?;
    check(&key, p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        let t = TenantId(Uuid::new_v4());
        let id = Uuid::new_v4();
        let k = mint(t, id);
        let (pt, pid, secret) = parse(&k.key).unwrap_or((TenantId(Uuid::nil()), Uuid::nil(), ""));
        assert_eq!((pt, pid), (t, id));
        assert!(super::super::refresh::matches(secret, &k.hash));
        assert!(parse("rlk_nope").is_none());
    }
}
