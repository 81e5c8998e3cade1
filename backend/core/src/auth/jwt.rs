//! Short-lived access tokens: HS256 JWTs whose algorithm, issuer, audience and
//! expiry are all checked on the way in (RFC 8725).

use anyhow::Context;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretSlice};
use serde::{Deserialize, Serialize};
use std::path::Path;
use uuid::Uuid;

/// Token issuer.
pub const ISSUER: &str = "ringledger";
/// Token audience of the platform's own site (admins); a tenant session's
/// audience is its seller's ([`seller_audience`]).
pub const AUDIENCE: &str = "ringledger-api";

/// The audience of a session issued on a seller's site: valid on that
/// seller's hosts only.
pub fn seller_audience(seller: Uuid) -> String {
    format!("{AUDIENCE}/seller/{seller}")
}
/// Clock skew tolerated, in seconds.
const LEEWAY_SECS: i64 = 5;

/// What an access token says about its bearer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    /// Issuer (`ringledger`).
    pub iss: String,
    /// Audience: `ringledger-api` for admins, `ringledger-api/seller/{id}`
    /// for a seller's staff and customers.
    pub aud: String,
    /// The user (or admin) id.
    pub sub: Uuid,
    /// `admin` or `staff`.
    pub kind: String,
    /// The tenant, for staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tid: Option<Uuid>,
    /// The seller, for staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<Uuid>,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// Token id.
    pub jti: Uuid,
    /// The session (refresh family) it belongs to: revoking the session
    /// refuses its access tokens at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fam: Option<Uuid>,
}

/// The signing key, kept secret.
pub struct JwtKeys {
    secret: SecretSlice<u8>,
}

impl JwtKeys {
    /// Uses a configured secret.
    pub fn from_secret(secret: &[u8]) -> Self {
        Self {
            secret: SecretSlice::from(secret.to_vec()),
        }
    }

    /// The key every instance shares: `RINGLEDGER_JWT_SIGNING_KEY` (base64,
    /// 32 bytes or more) when set, else [`JwtKeys::load_or_generate`].
    pub fn from_settings(
        settings: &crate::config::Settings,
        data_dir: &Path,
    ) -> anyhow::Result<Self> {
        match crate::config::base64_secret(&settings.jwt_signing_key, "RINGLEDGER_JWT_SIGNING_KEY")?
        {
            Some(bytes) if bytes.len() >= 32 => Ok(Self::from_secret(&bytes)),
            Some(_) => anyhow::bail!("RINGLEDGER_JWT_SIGNING_KEY must hold 32 bytes or more"),
            None => Self::load_or_generate(data_dir),
        }
    }

    /// Loads the key from `{data_dir}/jwt-signing.key`, generating 32 random
    /// bytes there (mode 0600) on first start.
    pub fn load_or_generate(data_dir: &Path) -> anyhow::Result<Self> {
        let path = data_dir.join("jwt-signing.key");
        if let Ok(bytes) = std::fs::read(&path)
            && bytes.len() >= 32
        {
            return Ok(Self::from_secret(&bytes));
        }
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("creating data directory {}", data_dir.display()))?;
        let mut key = vec![0u8; 32];
        rand::rng().fill_bytes(&mut key);
        write_private(&path, &key)?;
        Ok(Self::from_secret(&key))
    }

    /// Signs claims.
    pub fn sign(&self, claims: &Claims) -> anyhow::Result<String> {
        let key = EncodingKey::from_secret(self.secret.expose_secret());
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &key,
        )?)
    }

    /// Verifies signature, algorithm, issuer, audience and expiry; expiry is
    /// judged against `now` (seconds since the epoch) from the app's clock.
    pub fn verify(&self, token: &str, now: i64) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        // The audience is ours (checked below); which site it must be
        // presented on is the caller's check (`identify`).
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // Expiry is checked below against the application clock.
        validation.validate_exp = false;
        let key = DecodingKey::from_secret(self.secret.expose_secret());
        let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
            .ok()?
            .claims;
        let ours = claims.aud == AUDIENCE
            || claims
                .aud
                .strip_prefix(AUDIENCE)
                .and_then(|rest| rest.strip_prefix("/seller/"))
                .is_some_and(|id| Uuid::parse_str(id).is_ok());
        (ours && claims.exp + LEEWAY_SECS > now).then_some(claims)
    }
}

#[cfg(unix)]
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    f.write_all(bytes)?;
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    fn claims(exp_offset: i64) -> Claims {
        let now = chrono::Utc::now().timestamp();
        Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: Uuid::new_v4(),
            kind: "staff".into(),
            tid: Some(Uuid::new_v4()),
            sid: None,
            iat: now,
            exp: now + exp_offset,
            jti: Uuid::new_v4(),
            fam: None,
        }
    }

    #[test]
    fn round_trips_and_rejects_tampering() {
        let keys = JwtKeys::from_secret(&[7u8; 32]);
        let c = claims(60);
        let token = keys.sign(&c).unwrap_or_default();
        assert_eq!(keys.verify(&token, now()), Some(c));
        let other = JwtKeys::from_secret(&[8u8; 32]);
        assert!(other.verify(&token, now()).is_none());
    }

    #[test]
    fn rejects_expired_wrong_audience_and_alg_none() {
        let keys = JwtKeys::from_secret(&[7u8; 32]);
        assert!(
            keys.verify(&keys.sign(&claims(-60)).unwrap_or_default(), now())
                .is_none()
        );
        let mut c = claims(60);
        c.aud = "someone-else".into();
        assert!(
            keys.verify(&keys.sign(&c).unwrap_or_default(), now())
                .is_none()
        );
        // An unsigned token ("alg": "none") must never pass.
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header = b64.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let payload = b64.encode(serde_json::to_vec(&claims(60)).unwrap_or_default());
        assert!(
            keys.verify(&format!("{header}.{payload}."), now())
                .is_none()
        );
    }

    #[test]
    fn key_is_generated_once_and_kept() {
        let dir = tempfile::tempdir().ok();
        let path = dir
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_default();
        let a = JwtKeys::load_or_generate(&path).ok();
        let b = JwtKeys::load_or_generate(&path).ok();
        let token = a
            .as_ref()
            .and_then(|k| k.sign(&claims(60)).ok())
            .unwrap_or_default();
        assert!(b.and_then(|k| k.verify(&token, now())).is_some());
    }
}
