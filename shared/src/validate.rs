//! Domain values that can only exist when valid ("parse, don't validate").
//!
//! The server parses every request through these; the SPA runs the same
//! parsers to show errors beside the fields before the request is sent.

use crate::error::FieldError;
use crate::money::Currency;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Sub-domain labels no operator may take.
const RESERVED_SLUGS: &[&str] = &[
    "www",
    "api",
    "app",
    "admin",
    "mail",
    "smtp",
    "static",
    "assets",
    "portal",
    "console",
    "login",
    "status",
    "docs",
    "help",
    "support",
    "billing",
    "ringledger",
];

/// A portal slug: the `{slug}` of `{slug}.{base domain}`. 3–32 characters of
/// lower-case letters, digits and single hyphens, starting with a letter and not
/// ending with a hyphen.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Suggests a slug from a company or brand name ("Acme Telecom Ltd." →
    /// `acme-telecom-ltd`): lower-case ASCII letters and digits, the rest
    /// one dash, at most 32 characters (the forms fill it in as one types).
    pub fn suggest(name: &str) -> String {
        let mut slug = String::new();
        for c in name.trim().chars().flat_map(char::to_lowercase) {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
            if slug.len() >= 32 {
                break;
            }
        }
        slug.trim_end_matches('-').to_owned()
    }

    /// Parses a slug (surrounding whitespace is trimmed, case is kept strict).
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.len() < 3 || s.len() > 32 {
            return Err(FieldError::new(field, "must be 3 to 32 characters"));
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(FieldError::new(
                field,
                "may contain only lower-case letters, digits and hyphens",
            ));
        }
        if !s.as_bytes()[0].is_ascii_lowercase() {
            return Err(FieldError::new(field, "must start with a letter"));
        }
        if s.ends_with('-') || s.contains("--") {
            return Err(FieldError::new(
                field,
                "must not end with a hyphen or contain two in a row",
            ));
        }
        if RESERVED_SLUGS.contains(&s) {
            return Err(FieldError::new(field, "is reserved; choose another"));
        }
        Ok(Self(s.to_owned()))
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An e-mail address, trimmed and lower-cased (logins compare case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, a non-empty local part, a dotted domain,
    /// no whitespace, at most 254 characters.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(FieldError::new(field, "is required"));
        }
        if s.len() > 254 {
            return Err(FieldError::new(field, "must be at most 254 characters"));
        }
        let valid = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && local.len() <= 64
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
                    && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if !valid {
            return Err(FieldError::new(field, "is not a valid e-mail address"));
        }
        Ok(Self(s))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password: 8 to 128 characters (NIST SP 800-63B), not all whitespace.
/// Deliberately not `Debug`-printable and not serialisable.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// Minimum length in characters.
    pub const MIN_CHARS: usize = 8;
    /// Maximum length in characters.
    pub const MAX_CHARS: usize = 128;

    /// Parses a password chosen by a user.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(FieldError::new(
                field,
                format!("must be at least {} characters", Self::MIN_CHARS),
            ));
        }
        if n > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!("must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        if raw.trim().is_empty() {
            return Err(FieldError::new(field, "must not be only spaces"));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password text, to hash.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// A display name (company, person): 1–100 characters after trimming, no
/// control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DisplayName(String);

impl DisplayName {
    /// Parses a name.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "is required"));
        }
        if s.chars().count() > 100 {
            return Err(FieldError::new(field, "must be at most 100 characters"));
        }
        if s.chars().any(char::is_control) {
            return Err(FieldError::new(
                field,
                "must not contain control characters",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ISO 3166-1 alpha-2 country code, upper-cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses two ASCII letters.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let b = raw.trim().as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_alphabetic) {
            return Err(FieldError::new(
                field,
                "must be a two-letter ISO 3166 country code",
            ));
        }
        Ok(Self([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("ZZ")
    }
}

/// Parses a currency field.
pub fn currency(field: &'static str, raw: &str) -> Result<Currency, FieldError> {
    Currency::parse(raw)
        .ok_or_else(|| FieldError::new(field, "must be a three-letter ISO 4217 currency code"))
}

/// A CSS hex colour `#rrggbb`, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HexColor(String);

impl HexColor {
    /// Parses `#rgb` or `#rrggbb`.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_ascii_lowercase();
        let hex = s.strip_prefix('#').unwrap_or("");
        let ok = (hex.len() == 6 || hex.len() == 3) && hex.bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            return Err(FieldError::new(field, "must be a colour like #1d4ed8"));
        }
        let full = if hex.len() == 3 {
            hex.chars().flat_map(|c| [c, c]).collect::<String>()
        } else {
            hex.to_owned()
        };
        Ok(Self(format!("#{full}")))
    }

    /// The `#rrggbb` text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A SIP server as phones are configured with it: a host name or IPv4
/// address and a port (5060 when none is given), lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipServer {
    host: String,
    port: u16,
}

impl SipServer {
    /// The port phones use when none is given.
    pub const DEFAULT_PORT: u16 = 5060;

    /// Parses `host` or `host:port` (no scheme, no path).
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let bad = || {
            FieldError::new(
                field,
                "must be a host name and an optional port, like sip.example.com:5060",
            )
        };
        let s = raw.trim().to_ascii_lowercase();
        let (host, port) = match s.rsplit_once(':') {
            Some((h, p)) => (h, p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(bad)?),
            None => (s.as_str(), Self::DEFAULT_PORT),
        };
        let labels_ok = host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        if host.is_empty() || host.len() > 253 || !labels_ok {
            return Err(bad());
        }
        Ok(Self {
            host: host.to_owned(),
            port,
        })
    }

    /// The host name or address.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl std::fmt::Display for SipServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// Parses a price in `currency`: a decimal ≥ 0 with at most the currency's
/// minor-unit places (e.g. `9.99` in USD, `1200` in JPY).
pub fn price(
    field: &'static str,
    raw: &str,
    currency: Currency,
) -> Result<rust_decimal::Decimal, FieldError> {
    let value =
        crate::rating::deck_csv::parse_amount(raw).map_err(|m| FieldError::new(field, m))?;
    let places = currency.minor_unit_places();
    if value.normalize().scale() > places {
        return Err(FieldError::new(
            field,
            format!("has more than {places} decimal places for {currency}"),
        ));
    }
    Ok(value)
}

/// Parses a non-zero signed amount (`"25.00"`, `"+3"`, `"-5"`): a charge
/// or, negative, a credit, with at most the currency's minor-unit places.
pub fn signed_amount(
    field: &'static str,
    raw: &str,
    currency: Currency,
) -> Result<rust_decimal::Decimal, FieldError> {
    let raw = raw.trim();
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw.strip_prefix('+').unwrap_or(raw)),
    };
    let magnitude = price(field, digits, currency)?;
    if magnitude.is_zero() {
        return Err(FieldError::new(field, "must not be zero"));
    }
    Ok(if negative { -magnitude } else { magnitude })
}

/// Parses a digit prefix of a normalised number: 1–15 digits.
pub fn prefix(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let p = raw.trim();
    if p.is_empty() || p.len() > 15 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(
            field,
            format!("“{p}” must be 1 to 15 digits"),
        ));
    }
    Ok(p.to_owned())
}

/// Parses an amount greater than zero in `currency` (a payment, a top-up,
/// a refund), with at most the currency's minor-unit places.
pub fn positive_amount(
    field: &'static str,
    raw: &str,
    currency: Currency,
) -> Result<rust_decimal::Decimal, FieldError> {
    let value = price(field, raw.trim(), currency)?;
    if value.is_zero() {
        return Err(FieldError::new(field, "must be greater than zero"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {

    #[test]
    fn slugs_are_suggested_from_names() {
        assert_eq!(Slug::suggest("  Acme Telecom Ltd. "), "acme-telecom-ltd");
        assert_eq!(Slug::suggest("Ça va!"), "a-va");
        assert_eq!(Slug::suggest(""), "");
        assert_eq!(Slug::suggest(&"x".repeat(40)).len(), 32);
    }

    use super::*;

    #[test]
    fn signed_amounts() {
        let usd = Currency::USD;
        let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap_or_default();
        assert_eq!(signed_amount("amount", " -5 ", usd).ok(), Some(d("-5")));
        assert_eq!(signed_amount("amount", "+2.50", usd).ok(), Some(d("2.50")));
        for bad in ["0", "-0.00", "1.005", "ten", "", "--1"] {
            assert!(
                signed_amount("amount", bad, usd).is_err(),
                "{bad} should fail"
            );
        }
    }

    #[test]
    fn slugs() {
        assert!(Slug::parse("slug", "acme").is_ok());
        assert!(Slug::parse("slug", "acme-tel-2").is_ok());
        for bad in [
            "ab",
            "Acme",
            "1acme",
            "acme-",
            "ac--me",
            "ac_me",
            "www",
            "a".repeat(33).as_str(),
            "acme.x",
        ] {
            assert!(Slug::parse("slug", bad).is_err(), "{bad} should fail");
        }
        assert_eq!(
            Slug::parse("slug", "  acme ").map(|s| s.to_string()),
            Ok("acme".into())
        );
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse("email", " Ann@Example.COM ").map(|e| e.to_string()),
            Ok("ann@example.com".into())
        );
        for bad in [
            "",
            "ann",
            "ann@",
            "@x.com",
            "ann@x",
            "a b@x.com",
            "a@@x.com",
            "a@x..com",
            "a@.x.com",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn passwords() {
        assert!(NewPassword::parse("password", "short").is_err());
        assert!(NewPassword::parse("password", "        ").is_err());
        assert!(NewPassword::parse("password", &"x".repeat(129)).is_err());
        assert!(NewPassword::parse("password", "correct horse").is_ok());
        let p = NewPassword::parse("password", "correct horse").ok();
        assert_eq!(format!("{p:?}"), "Some(NewPassword(***))");
    }

    #[test]
    fn names_countries_colours() {
        assert!(DisplayName::parse("company_name", "  ").is_err());
        assert!(DisplayName::parse("company_name", &"x".repeat(101)).is_err());
        assert_eq!(
            CountryCode::parse("country", "gb").map(|c| c.as_str().to_owned()),
            Ok("GB".into())
        );
        assert!(CountryCode::parse("country", "GBR").is_err());
        assert_eq!(
            HexColor::parse("c", "#ABC").map(|c| c.as_str().to_owned()),
            Ok("#aabbcc".into())
        );
        assert!(HexColor::parse("c", "blue").is_err());
        assert!(currency("currency", "usd").is_ok());
        assert!(currency("currency", "US").is_err());
    }
}
