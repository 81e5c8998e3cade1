//! Webhook signatures in Stripe's scheme: a header `t={unix},v1={hex},…`,
//! where each `v1` is HMAC-SHA256 of `"{t}.{body}"` under an endpoint
//! secret. Stripe signs what it sends us this way (`Stripe-Signature`,
//! checked by [`verify`]); we sign our own outbound webhooks the same way
//! (`Ringledger-Signature`, made by [`sign`]), so verifier code written for
//! Stripe works unchanged. During a secret rotation Stripe sends one `v1` per secret, so
//! any matching `v1` is enough. The timestamp must be within the tolerance
//! of our clock (replays of old deliveries are refused).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Stripe's default tolerance, in seconds.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a delivery was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    /// No header, or no `t=` / `v1=` in it.
    Malformed,
    /// The timestamp is more than the tolerance away from now.
    Stale,
    /// No `v1` matches the secret.
    Mismatch,
}

impl SignatureError {
    /// A message for the 400 answer (Stripe shows it in the dashboard).
    pub fn message(self) -> &'static str {
        match self {
            SignatureError::Malformed => "the Stripe-Signature header is missing or malformed",
            SignatureError::Stale => "the signature's timestamp is outside the 300 s tolerance",
            SignatureError::Mismatch => "no signature matches the endpoint secret",
        }
    }
}

/// The header value for `payload` signed with `secret` at `t` (unix
/// seconds): `t={t},v1={hex}`.
pub fn sign(payload: &[u8], secret: &str, t: i64) -> String {
    let mut out = format!("t={t},v1=");
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    if let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        mac.update(t.to_string().as_bytes());
        mac.update(b".");
        mac.update(payload);
        out.push_str(&hex::encode(mac.finalize().into_bytes()));
    }
    out
}

/// Checks `header` for `payload` against `secret` at `now` (unix seconds).
pub fn verify(
    payload: &[u8],
    header: Option<&str>,
    secret: &str,
    now: i64,
    tolerance: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Malformed)?;
    let mut timestamp: Option<i64> = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse().ok(),
            Some(("v1", v)) => {
                if let Ok(bytes) = hex::decode(v) {
                    signatures.push(bytes);
                }
            }
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now - timestamp).abs() > tolerance {
        return Err(SignatureError::Stale);
    }
    for sig in &signatures {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
            return Err(SignatureError::Mismatch);
        };
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(payload);
        // Constant-time comparison.
        if mac.verify_slice(sig).is_ok() {
            return Ok(());
        }
    }
    Err(SignatureError::Mismatch)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn sign(payload: &str, secret: &str, t: i64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.{payload}").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    #[test]
    fn signs_what_verify_accepts() {
        let h = super::sign(b"{\"a\":1}", "whsec_x", 1700);
        assert!(h.starts_with("t=1700,v1="));
        assert_eq!(
            h,
            format!("t=1700,v1={}", sign("{\"a\":1}", "whsec_x", 1700))
        );
        assert_eq!(verify(b"{\"a\":1}", Some(&h), "whsec_x", 1700, 300), Ok(()));
        assert_eq!(
            verify(b"{\"a\":2}", Some(&h), "whsec_x", 1700, 300),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn accepts_a_valid_signature() {
        let h = format!("t=1000,v1={}", sign("{}", "whsec_a", 1000));
        assert_eq!(verify(b"{}", Some(&h), "whsec_a", 1100, 300), Ok(()));
    }

    #[test]
    fn accepts_any_v1_during_rotation() {
        let h = format!(
            "t=1000,v1={},v1={}",
            sign("{}", "whsec_new", 1000),
            sign("{}", "whsec_old", 1000)
        );
        assert_eq!(verify(b"{}", Some(&h), "whsec_old", 1000, 300), Ok(()));
        assert_eq!(verify(b"{}", Some(&h), "whsec_new", 1000, 300), Ok(()));
        assert_eq!(
            verify(b"{}", Some(&h), "whsec_other", 1000, 300),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn refuses_stale_tampered_and_malformed() {
        let h = format!("t=1000,v1={}", sign("{}", "whsec_a", 1000));
        assert_eq!(
            verify(b"{}", Some(&h), "whsec_a", 1301, 300),
            Err(SignatureError::Stale)
        );
        assert_eq!(verify(b"{}", Some(&h), "whsec_a", 1300, 300), Ok(()));
        assert_eq!(
            verify(b"{ }", Some(&h), "whsec_a", 1000, 300),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"{}", None, "whsec_a", 1000, 300),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(b"{}", Some("v1=abcd"), "whsec_a", 1000, 300),
            Err(SignatureError::Malformed)
        );
        // A v0 (test-mode legacy) signature alone is not accepted.
        let v0 = format!("t=1000,v0={}", sign("{}", "whsec_a", 1000));
        assert_eq!(
            verify(b"{}", Some(&v0), "whsec_a", 1000, 300),
            Err(SignatureError::Malformed)
        );
    }
}
