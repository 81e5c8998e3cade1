//! Destination normalisation (PRODUCT.md): drop spaces, `-`, `.`, `(`, `)`;
//! then drop one leading `+` or one leading `00`; what remains must be 1–15
//! digits.

use super::RateError;
use std::fmt;

/// A normalised destination: 1–15 ASCII digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Number {
    digits: [u8; 15],
    len: u8,
}

impl Number {
    /// The digits as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[..self.len as usize]).unwrap_or("")
    }

    /// The digits as bytes (`b'0'..=b'9'`).
    pub fn as_bytes(&self) -> &[u8] {
        &self.digits[..self.len as usize]
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({})", self.as_str())
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Normalises a dialled destination.
pub fn normalize(raw: &str) -> Result<Number, RateError> {
    // One pass without allocating: collect the kept characters, then strip
    // the international prefix.
    let mut kept = [0u8; 32];
    let mut n = 0usize;
    for b in raw.bytes() {
        match b {
            b' ' | b'\t' | b'-' | b'.' | b'(' | b')' => continue,
            _ => {
                if n == kept.len() {
                    return Err(RateError::InvalidDestination);
                }
                kept[n] = b;
                n += 1;
            }
        }
    }
    let mut s = &kept[..n];
    if let Some(rest) = s.strip_prefix(b"+") {
        s = rest;
    } else if let Some(rest) = s.strip_prefix(b"00") {
        s = rest;
    }
    if s.is_empty() || s.len() > 15 || !s.iter().all(u8::is_ascii_digit) {
        return Err(RateError::InvalidDestination);
    }
    let mut digits = [0u8; 15];
    digits[..s.len()].copy_from_slice(s);
    Ok(Number {
        digits,
        len: s.len() as u8,
    })
}
