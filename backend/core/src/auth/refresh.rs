//! Refresh tokens: `{id}.{secret}`, where only SHA-256(secret) is stored.
//! Each use rotates the token; re-using a rotated token revokes its family.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

/// A freshly minted refresh token.
pub struct NewRefreshToken {
    /// Row id.
    pub id: Uuid,
    /// The full token to hand to the client (never stored).
    pub token: String,
    /// What is stored: hex SHA-256 of the secret.
    pub hash: String,
}

/// Mints a token with 256 bits of randomness.
pub fn mint() -> NewRefreshToken {
    let id = Uuid::new_v4();
    let secret = random_secret();
    NewRefreshToken {
        id,
        hash: hash_secret(&secret),
        token: format!("{id}.{secret}"),
    }
}

/// 256 random bits, URL-safe base64 (a token's secret; a number
/// reservation's).
pub fn random_secret() -> String {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)
}

/// Splits a presented token into its id and secret.
pub fn parse(token: &str) -> Option<(Uuid, &str)> {
    let (id, secret) = token.trim().split_once('.')?;
    if secret.is_empty() || secret.len() > 128 {
        return None;
    }
    Some((Uuid::parse_str(id).ok()?, secret))
}

/// Hex SHA-256 of a secret.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Whether `secret` matches the stored hash, compared in constant time.
pub fn matches(secret: &str, stored_hash: &str) -> bool {
    hash_secret(secret)
        .as_bytes()
        .ct_eq(stored_hash.as_bytes())
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_tokens_parse_and_match() {
        let t = mint();
        let parsed = parse(&t.token);
        assert_eq!(parsed.map(|(id, _)| id), Some(t.id));
        assert!(parsed.map(|(_, s)| matches(s, &t.hash)).unwrap_or(false));
        assert!(!matches("other", &t.hash));
        assert!(parse("garbage").is_none());
        assert!(parse("not-a-uuid.secret").is_none());
    }
}
