//! API keys for a seller's own systems: `rlak_{tenant}_{id}_{secret}`, the
//! secret stored as its SHA-256. A key acts as a staff member with its
//! scope's powers (`shared::access::ApiKeyScope`), on its seller's own host
//! only, until it expires or is revoked.

use super::principal::{Origin, StaffPrincipal, suspended};
use crate::error::AppError;
use crate::site::{Site, resolve};
use crate::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::ids::{SellerId, TenantId, UserId};
use uuid::Uuid;

/// The prefix that tells an API key from a JWT or a switch key.
pub const PREFIX: &str = "rlak_";

/// Mints a key for `tenant` with row id `id` (the switch keys' format with
/// this prefix).
pub fn mint(tenant: TenantId, id: Uuid) -> super::switch_key::NewKey {
    super::switch_key::mint_with(PREFIX, tenant, id)
}

/// Splits a presented key: (tenant, id, secret).
pub fn parse(key: &str) -> Option<(TenantId, Uuid, &str)> {
    super::switch_key::parse_with(PREFIX, key)
}

fn invalid() -> AppError {
    AppError::new(
        ErrorCode::InvalidToken,
        "this API key is invalid, expired or revoked",
    )
}

/// The staff principal of a presented API key on `host`: its seller's own
/// site, of an active tenant, unexpired and unrevoked. Its use is recorded
/// (at most once a minute).
pub async fn identify(
    state: &AppState,
    key: &str,
    host: &str,
    origin: Origin,
) -> Result<StaffPrincipal, AppError> {
    let (tenant, id, secret) = parse(key).ok_or_else(invalid)?;
    let now = state.clock().now();
    let tx = state.repos().tenant_read(tenant).await?;
    let row = tx.team().api_key(id).await?;
    tx.commit().await?;
    let row = row
        .filter(|k| {
            super::refresh::matches(secret, &k.key_hash)
                && k.revoked_at.is_none()
                && k.expires_at.is_none_or(|e| e > now)
        })
        .ok_or_else(invalid)?;
    match resolve(state, host).await? {
        Some(Site::Seller(site))
            if site.tenant_id == tenant && site.seller_id.as_uuid() == row.seller_id =>
        {
            if site.status != TenantStatus::Active {
                return Err(suspended());
            }
        }
        _ => {
            return Err(AppError::new(
                ErrorCode::InvalidToken,
                "this API key belongs to another site; call its seller's own host",
            ));
        }
    }
    if row
        .last_used_at
        .is_none_or(|t| now - t >= chrono::Duration::minutes(1))
    {
        let tx = state.repos().tenant_quiet(tenant).await?;
        tx.team()
            .touch_api_key(id, now, origin.ip.map(|ip| ip.to_string()))
            .await?;
        tx.commit().await?;
    }
    Ok(StaffPrincipal {
        tenant_id: tenant,
        seller_id: SellerId(row.seller_id),
        user_id: UserId(row.created_by),
        role: None,
        grants: row.scope.grants(),
        api_key: Some(id),
        session: None,
        two_factor_due: false,
        origin,
    })
}
