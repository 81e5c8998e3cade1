//! Encryption at rest for secrets the switch must read back (SIP and video
//! passwords): AES-256-GCM with a key generated into the data directory on
//! first start (or `RINGLEDGER_SECRETS_KEY`, 64 hex characters).

use aes_gcm::aead::{Aead, KeyInit, OsRng};
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

    /// `base64(nonce || ciphertext)`.
    pub fn seal(&self, plaintext: &str) -> anyhow::Result<String> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let mut out = nonce.to_vec();
        out.extend(
            self.cipher
                .encrypt(&nonce, plaintext.as_bytes())
                .map_err(|_| anyhow!("encryption failed"))?,
        );
        Ok(base64::engine::general_purpose::STANDARD.encode(out))
    }

    /// Opens what [`SecretBox::seal`] made.
    pub fn open(&self, sealed: &str) -> anyhow::Result<String> {
        let raw = base64::engine::general_purpose::STANDARD.decode(sealed)?;
        if raw.len() < 12 {
            return Err(anyhow!("sealed secret too short"));
        }
        let (nonce, ct) = raw.split_at(12);
        let nonce: [u8; 12] = nonce.try_into()?;
        let plain = self
            .cipher
            .decrypt(&Nonce::from(nonce), ct)
            .map_err(|_| anyhow!("the secret cannot be opened with this key"))?;
        Ok(String::from_utf8(plain)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens() {
        let b = SecretBox::from_key(&[3u8; 32]);
        let sealed = b.seal("s3cret").unwrap_or_default();
        assert_ne!(sealed, "s3cret");
        assert_eq!(b.open(&sealed).ok().as_deref(), Some("s3cret"));
        assert!(SecretBox::from_key(&[4u8; 32]).open(&sealed).is_err());
    }
}
