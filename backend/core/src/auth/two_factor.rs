//! Two-factor sign-in with TOTP (RFC 6238: SHA-1, six digits, 30-second
//! steps, one step of clock skew either way) and single-use recovery codes.
//! The secret is sealed at rest (bound to its login); a code is accepted
//! once (the step it matched is recorded); recovery codes are stored as
//! SHA-256 and struck off when used.

use super::refresh::hash_secret;
use super::secret_box::{Binding, SecretBox};
use crate::error::{AppError, AppResult};
use rand::RngCore;
use ringledger_shared::ErrorCode;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

/// How many recovery codes enrolment shows.
pub const RECOVERY_CODES: usize = 10;
/// Seconds per step.
const STEP: u64 = 30;

/// The TOTP of `secret` for `account` at `issuer`.
fn totp(secret: &[u8], issuer: &str, account: &str) -> AppResult<TOTP> {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP,
        secret.to_vec(),
        Some(issuer.to_owned()),
        account.to_owned(),
    )
    .map_err(|e| AppError::internal(anyhow::anyhow!("totp: {e}")))
}

/// A new random secret (160 bits, as RFC 4226 recommends), base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &bytes)
}

fn bytes_of(secret_b32: &str) -> AppResult<Vec<u8>> {
    base32::decode(base32::Alphabet::Rfc4648 { padding: false }, secret_b32)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a stored TOTP secret is not base32")))
}

/// The `otpauth://` URL an authenticator app scans, and its QR code as SVG.
pub fn enrolment(secret_b32: &str, issuer: &str, account: &str) -> AppResult<(String, String)> {
    let url = totp(&bytes_of(secret_b32)?, issuer, account)?.get_url();
    let qr = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| AppError::internal(anyhow::anyhow!("qr: {e}")))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    Ok((url, qr))
}

/// The time step whose code `code` is, within one step of `now` (Unix
/// seconds), if it is one.
pub fn matching_step(secret_b32: &str, code: &str, now: u64) -> AppResult<Option<i64>> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let t = totp(&bytes_of(secret_b32)?, "", "x")?;
    for step in [now / STEP, (now / STEP).saturating_sub(1), now / STEP + 1] {
        let expected = t.generate(step * STEP);
        if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
            return Ok(Some(step as i64));
        }
    }
    Ok(None)
}

/// New recovery codes: the codes to show once, and the JSON of their hashes.
pub fn new_recovery_codes() -> (Vec<String>, String) {
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let mut b = [0u8; 5];
            rand::rng().fill_bytes(&mut b);
            let hex = hex::encode(b);
            format!("{}-{}", &hex[..5], &hex[5..])
        })
        .collect();
    let hashes: Vec<String> = codes.iter().map(|c| hash_secret(c)).collect();
    let json = serde_json::to_string(&hashes).unwrap_or_else(|_| "[]".into());
    (codes, json)
}

/// The stored hashes without the one `code` matches: `Some(new JSON)` when
/// it is an unused recovery code.
pub fn strike_recovery_code(stored: &str, code: &str) -> Option<String> {
    let code = code.trim().to_lowercase();
    let mut hashes: Vec<String> = serde_json::from_str(stored).ok()?;
    let hash = hash_secret(&code);
    let at = hashes
        .iter()
        .position(|h| bool::from(h.as_bytes().ct_eq(hash.as_bytes())))?;
    hashes.remove(at);
    serde_json::to_string(&hashes).ok()
}

/// What a sign-in's second factor matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matched {
    /// The authenticator's code of this time step (record it: once).
    Step(i64),
    /// A recovery code: the unused ones left, as JSON (store them
    /// compare-and-set against the old list).
    Recovery(String),
}

/// Checks `code` against a login's sealed secret, then its recovery codes
/// (`stored`, JSON); `None` when it is neither.
pub fn check(
    vault: &SecretBox,
    sealed: &str,
    binding: &Binding,
    stored: Option<&str>,
    code: &str,
    now: u64,
) -> AppResult<Option<Matched>> {
    let secret = open(vault, sealed, binding)?;
    if let Some(step) = matching_step(&secret, code, now)? {
        return Ok(Some(Matched::Step(step)));
    }
    Ok(stored
        .and_then(|s| strike_recovery_code(s, code))
        .map(Matched::Recovery))
}

/// Seals a secret for a staff member.
pub fn seal(vault: &SecretBox, secret_b32: &str, binding: &Binding) -> AppResult<String> {
    vault.seal(secret_b32, binding).map_err(AppError::internal)
}

/// Opens a sealed secret.
pub fn open(vault: &SecretBox, sealed: &str, binding: &Binding) -> AppResult<String> {
    vault.open(sealed, binding).map_err(AppError::internal)
}

/// `401 two_factor_required`: the code is missing or wrong.
pub fn code_needed(wrong: bool) -> AppError {
    AppError::new(
        ErrorCode::TwoFactorRequired,
        if wrong {
            "the code is wrong or was used already; enter the current code of your authenticator app, or a recovery code"
        } else {
            "enter the 6-digit code of your authenticator app (or a recovery code)"
        },
    )
    .with_field("code")
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_step_and_its_neighbours_only() {
        let secret = new_secret();
        let t = totp(&bytes_of(&secret).unwrap_or_default(), "i", "a").ok();
        let Some(t) = t else {
            panic!("a TOTP of a fresh secret")
        };
        let now = 1_800_000_015u64;
        let code = t.generate(now);
        assert_eq!(
            matching_step(&secret, &code, now).ok().flatten(),
            Some((now / 30) as i64)
        );
        assert!(
            matching_step(&secret, &code, now + 30)
                .ok()
                .flatten()
                .is_some(),
            "one step of skew"
        );
        assert!(
            matching_step(&secret, &code, now + 90)
                .ok()
                .flatten()
                .is_none()
        );
        assert!(
            matching_step(&secret, "12345", now)
                .ok()
                .flatten()
                .is_none()
        );
    }

    #[test]
    fn a_recovery_code_is_struck_off_once() {
        let (codes, json) = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let after = strike_recovery_code(&json, &codes[3].to_uppercase());
        let Some(after) = after else {
            panic!("an unused code is struck off")
        };
        assert!(
            strike_recovery_code(&after, &codes[3]).is_none(),
            "used once"
        );
        assert!(strike_recovery_code(&after, &codes[4]).is_some());
    }
}
