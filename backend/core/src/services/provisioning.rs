//! Credentials for new services: calling-card PINs and serials, SIP/video
//! usernames and passwords (all from the OS CSPRNG, unique in the tenant),
//! and caller numbers normalised to E.164.

use crate::error::{AppError, AppResult};
use rand::Rng;
use rand::TryRngCore;
use rand::rngs::OsRng;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::rating::normalize;

/// Tries before giving up on finding an unused random value.
const TRIES: usize = 32;

/// `n` random decimal digits, the first not 0.
pub fn random_digits(n: usize) -> String {
    let mut rng = OsRng.unwrap_err();
    (0..n)
        .map(|i| {
            let low = if i == 0 { 1 } else { 0 };
            char::from(b'0' + rng.random_range(low..10u8))
        })
        .collect()
}

/// A strong password: 20 characters from 57 unambiguous letters and digits
/// (about 117 bits).
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = OsRng.unwrap_err();
    (0..20)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

fn exhausted(what: &str) -> AppError {
    AppError::new(
        ErrorCode::Conflict,
        format!("could not find an unused {what}; raise the PIN length in the settings"),
    )
}

/// A PIN of `len` digits not used in the tenant.
pub async fn new_pin(tx: &TenantTx, len: usize) -> AppResult<String> {
    for _ in 0..TRIES {
        let pin = random_digits(len.clamp(4, 20));
        if tx.customers().card_by_pin(&pin).await?.is_none() {
            return Ok(pin);
        }
    }
    Err(exhausted("PIN"))
}

/// A 12-digit serial not used in the tenant.
pub async fn new_serial(tx: &TenantTx) -> AppResult<String> {
    for _ in 0..TRIES {
        let serial = random_digits(12);
        if !tx.customers().serial_taken(&serial).await? {
            return Ok(serial);
        }
    }
    Err(exhausted("serial number"))
}

/// A 10-digit SIP username not used in the tenant.
pub async fn new_sip_username(tx: &TenantTx) -> AppResult<String> {
    for _ in 0..TRIES {
        let user = random_digits(10);
        if tx.customers().sip_by_username(&user).await?.is_none() {
            return Ok(user);
        }
    }
    Err(exhausted("SIP username"))
}

/// A caller number in E.164 digits (no `+`): the usual punctuation and one
/// leading `+` or `00` are dropped; 8–15 digits must remain, not starting
/// with 0.
pub fn e164(raw: &str) -> Option<String> {
    let n = normalize(raw).ok()?;
    let digits = n.as_str();
    (digits.len() >= 8 && !digits.starts_with('0')).then(|| digits.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_passwords_have_the_right_shape() {
        let d = random_digits(10);
        assert_eq!(d.len(), 10);
        assert!(d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0'));
        let p = random_password();
        assert_eq!(p.len(), 20);
        assert_ne!(p, random_password());
    }

    #[test]
    fn caller_numbers_become_e164() {
        assert_eq!(e164("+1 (555) 010-0199").as_deref(), Some("15550100199"));
        assert_eq!(e164("0044 20 7946 0000").as_deref(), Some("442079460000"));
        assert_eq!(e164("555-0100"), None, "too short to carry a country code");
        assert_eq!(e164("+0123456789"), None);
        assert_eq!(e164("call me"), None);
    }
}
