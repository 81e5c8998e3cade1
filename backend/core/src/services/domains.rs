//! Custom domains are mapped only once their owner proves control of them:
//! claiming one issues a challenge, published as a DNS TXT record
//! `_ringledger.<domain>` = `ringledger-verify=<challenge>`; verifying looks
//! the record up (through the `DnsTxt` port) and only then does the domain
//! serve the portal. A claim left unverified for [`CLAIM_LAPSE_DAYS`] days
//! no longer blocks the name.

use crate::error::{AppError, AppResult};
use crate::ports::DnsTxt;
use rand::RngCore;
use ringledger_db::entities::hosts;
use ringledger_shared::ErrorCode;

/// Days an unverified claim holds its name.
pub const CLAIM_LAPSE_DAYS: i64 = 7;

/// A new challenge (32 hex digits).
pub fn new_challenge() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The name of the TXT record that proves `domain`.
pub fn txt_name(domain: &str) -> String {
    format!("_ringledger.{domain}")
}

/// The value the TXT record must hold.
pub fn txt_value(challenge: &str) -> String {
    format!("ringledger-verify={challenge}")
}

/// Looks `host`'s record up; `Ok` when it holds the challenge (or the
/// domain is verified already), else a `409 conflict` saying what to publish.
pub async fn prove(dns: &dyn DnsTxt, host: &hosts::Model) -> AppResult<()> {
    if host.verified_at.is_some() {
        return Ok(());
    }
    let Some(challenge) = host.challenge.as_deref() else {
        return Err(AppError::internal(anyhow::anyhow!(
            "a claim without a challenge"
        )));
    };
    let (name, value) = (txt_name(&host.hostname), txt_value(challenge));
    let found = dns.txt(&name).await.unwrap_or_else(|e| {
        tracing::info!(%name, error = %e, "TXT lookup failed");
        Vec::new()
    });
    if found.iter().any(|r| r.trim() == value) {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::Conflict,
            format!(
                "the DNS has no TXT record {name} = \"{value}\" yet (it may take a few minutes \
                 to appear after you publish it)"
            ),
        )
        .with_field("custom_domain"))
    }
}
