//! Encryption at rest for secrets the switch must read back (SIP and video
//! passwords): AES-256-GCM with a key generated into the data directory on
//! first start (or `RINGLEDGER_SECRETS_KEY`, 64 hex characters).

use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::{AeadCore, Aes256Gcm, Key, Nonce};
use anyhow::{Context, anyhow};
use base64::Engine;
use rand::RngCore;
use std::path::Path;

/// Seals and opens small secrets.
pub struct SecretBox {
    cipher: Aes256Gcm,
}

impl SecretBox {
    /// From 32 key bytes.
    pub fn from_key(key: &[u8; 32]) -> Self {
        Self {
            cipher: Aes256Gcm::new(&Key::<Aes256Gcm>::from(*key)),
        }
    }

    /// The key every instance shares: `RINGLEDGER_SECRETS_KEY` (base64 of
    /// 32 bytes) when set, else [`SecretBox::load_or_generate`].
    pub fn from_settings(
        settings: &crate::config::Settings,
        data_dir: &Path,
    ) -> anyhow::Result<Self> {
        match crate::config::base64_secret(&settings.secrets_key, "RINGLEDGER_SECRETS_KEY")? {
            Some(bytes) => {
                let key = <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| {
                    anyhow::anyhow!("RINGLEDGER_SECRETS_KEY must hold exactly 32 bytes")
                })?;
                Ok(Self::from_key(&key))
            }
            None => Self::load_or_generate(data_dir),
        }
    }

    /// Loads `{data_dir}/secrets.key`, generating it (mode 0600) on first start.
    pub fn load_or_generate(data_dir: &Path) -> anyhow::Result<Self> {
        let path = data_dir.join("secrets.key");
        if let Ok(bytes) = std::fs::read(&path)
            && let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice())
        {
            return Ok(Self::from_key(&key));
        }
        std::fs::create_dir_all(data_dir)?;
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        super::jwt::write_private(&path, &key).context("writing the secrets key")?;
        Ok(Self::from_key(&key))
    }

    /// Seals `plaintext` bound to `binding` (what it belongs to: see
    /// [`Binding`]): AES-256-GCM with the binding as associated data, so the
    /// sealed value opens only for that row of that tenant — copied to
    /// another row (by someone who can write the database but does not hold
    /// the key) it does not open. Written `v2:` + base64(nonce ‖ ciphertext).
    pub fn seal(&self, plaintext: &str, binding: &Binding) -> anyhow::Result<String> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let mut out = nonce.to_vec();
        out.extend(
            self.cipher
                .encrypt(
                    &nonce,
                    Payload {
                        msg: plaintext.as_bytes(),
                        aad: binding.0.as_bytes(),
                    },
                )
                .map_err(|_| anyhow!("encryption failed"))?,
        );
        Ok(format!(
            "{BOUND}{}",
            base64::engine::general_purpose::STANDARD.encode(out)
        ))
    }

    /// Opens a value sealed for `binding`. A value sealed before bindings
    /// existed (no `v2:`) still opens, and [`SecretBox::is_bound`] says it
    /// should be sealed again (`services::reseal` does, at start).
    pub fn open(&self, sealed: &str, binding: &Binding) -> anyhow::Result<String> {
        let (raw, aad) = match sealed.strip_prefix(BOUND) {
            Some(rest) => (rest, binding.0.as_bytes()),
            None => (sealed, &b""[..]),
        };
        let raw = base64::engine::general_purpose::STANDARD.decode(raw)?;
        if raw.len() < 12 {
            return Err(anyhow!("sealed secret too short"));
        }
        let (nonce, ct) = raw.split_at(12);
        let nonce: [u8; 12] = nonce.try_into()?;
        let plain = self
            .cipher
            .decrypt(&Nonce::from(nonce), Payload { msg: ct, aad })
            .map_err(|_| anyhow!("the secret cannot be opened with this key for this row"))?;
        Ok(String::from_utf8(plain)?)
    }

    /// Whether `sealed` is bound to its row (sealed since bindings exist).
    pub fn is_bound(sealed: &str) -> bool {
        sealed.starts_with(BOUND)
    }
}

/// The prefix of a value sealed with a binding.
const BOUND: &str = "v2:";

/// What a sealed secret belongs to: its kind, tenant and row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding(String);

impl Binding {
    /// A SIP or video service's device password.
    pub fn sip(tenant: uuid::Uuid, service: uuid::Uuid) -> Self {
        Self(format!("sip:{tenant}:{service}"))
    }

    /// A seller's Stripe secret key.
    pub fn stripe_key(tenant: uuid::Uuid, seller: uuid::Uuid) -> Self {
        Self(format!("stripe-key:{tenant}:{seller}"))
    }

    /// A seller's Stripe webhook signing secret.
    pub fn stripe_webhook(tenant: uuid::Uuid, seller: uuid::Uuid) -> Self {
        Self(format!("stripe-webhook:{tenant}:{seller}"))
    }

    /// An outbound webhook endpoint's signing secret.
    pub fn webhook_endpoint(tenant: uuid::Uuid, endpoint: uuid::Uuid) -> Self {
        Self(format!("webhook:{tenant}:{endpoint}"))
    }

    /// A staff member's TOTP secret.
    pub fn totp(tenant: uuid::Uuid, user: uuid::Uuid) -> Self {
        Self(format!("totp:{tenant}:{user}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> (uuid::Uuid, uuid::Uuid) {
        (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2))
    }

    #[test]
    fn seals_and_opens() {
        let (t, s) = ids();
        let row = Binding::sip(t, s);
        let b = SecretBox::from_key(&[3u8; 32]);
        let sealed = b.seal("s3cret", &row).unwrap_or_default();
        assert!(SecretBox::is_bound(&sealed));
        assert!(!sealed.contains("s3cret"));
        assert_eq!(b.open(&sealed, &row).ok().as_deref(), Some("s3cret"));
        assert!(SecretBox::from_key(&[4u8; 32]).open(&sealed, &row).is_err());
    }

    #[test]
    fn a_sealed_value_copied_to_another_row_or_tenant_does_not_open() {
        let (t, s) = ids();
        let b = SecretBox::from_key(&[3u8; 32]);
        let sealed = b.seal("s3cret", &Binding::sip(t, s)).unwrap_or_default();
        for other in [
            Binding::sip(t, uuid::Uuid::from_u128(3)),
            Binding::sip(uuid::Uuid::from_u128(9), s),
            Binding::stripe_key(t, s),
        ] {
            assert!(b.open(&sealed, &other).is_err(), "{other:?}");
        }
    }

    #[test]
    fn a_value_sealed_before_bindings_still_opens() {
        use base64::Engine;
        let (t, s) = ids();
        let b = SecretBox::from_key(&[3u8; 32]);
        let nonce = [7u8; 12];
        let ct = b
            .cipher
            .encrypt(&Nonce::from(nonce), &b"old"[..])
            .unwrap_or_default();
        let legacy = base64::engine::general_purpose::STANDARD.encode([&nonce[..], &ct].concat());
        assert!(!SecretBox::is_bound(&legacy));
        assert_eq!(
            b.open(&legacy, &Binding::sip(t, s)).ok().as_deref(),
            Some("old")
        );
    }
}
