//! Numeric query parameters, bounded when the query string is parsed: a
//! value out of range (or not a number) is a 400 naming the parameter,
//! never a number the database binding cannot take (an offset above
//! `i64::MAX` used to panic a worker inside sea-query's SQLite binding).
//!
//! Use with `#[serde(default, deserialize_with = "crate::query::offset")]`
//! and the like; the error message starts with the parameter's name, which
//! [`crate::error::query_error_handler`] puts in the envelope's `field`.

use serde::{Deserialize, Deserializer, de::Error};

/// The largest `offset` a list accepts.
pub const MAX_OFFSET: u64 = 10_000_000;
/// The largest `limit` a list accepts (each list then caps its own page).
pub const MAX_LIMIT: u64 = 10_000;
/// The most `days` a report looks back.
pub const MAX_DAYS: u32 = 3_660;

/// Parses `raw` as a whole number in `0..=max`, or says what `name` must be.
fn bounded<E: Error>(name: &str, raw: &str, max: u64) -> Result<u64, E> {
    raw.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| E::custom(format!("{name} must be a whole number from 0 to {max}")))
}

/// `offset`: rows to skip, `0..=MAX_OFFSET`.
pub fn offset<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    bounded("offset", &String::deserialize(d)?, MAX_OFFSET)
}

/// An optional `offset`.
pub fn offset_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    offset(d).map(Some)
}

/// `limit`: rows per page, `0..=MAX_LIMIT` (the list clamps it further).
pub fn limit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    bounded("limit", &String::deserialize(d)?, MAX_LIMIT).map(Some)
}

/// `days`: how far back a report looks, `0..=MAX_DAYS`.
pub fn days<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    bounded("days", &String::deserialize(d)?, u64::from(MAX_DAYS)).map(|n| Some(n as u32))
}

/// The parameter a bounded-parameter error names (`offset must be …`).
pub fn field_of(message: &str) -> Option<&str> {
    let (name, _) = message.split_once(" must be ")?;
    let name = name
        .rsplit(|c: char| !(c.is_ascii_lowercase() || c == '_'))
        .next()?;
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Q {
        #[serde(default, deserialize_with = "offset")]
        offset: u64,
        #[serde(default, deserialize_with = "limit")]
        limit: Option<u64>,
    }

    fn parse(q: &str) -> Result<Q, String> {
        serde_urlencoded::from_str::<Q>(q).map_err(|e| e.to_string())
    }

    #[test]
    fn in_range_values_parse_and_absent_ones_default() {
        let q = parse("offset=20&limit=5").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((q.offset, q.limit), (20, Some(5)));
        let q = parse("").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((q.offset, q.limit), (0, None));
    }

    #[test]
    fn out_of_range_or_garbage_is_refused_naming_the_parameter() {
        for (q, field) in [
            ("offset=9223372036854775808", "offset"),
            ("offset=-1", "offset"),
            ("offset=abc", "offset"),
            ("limit=18446744073709551616", "limit"),
            ("limit=10001", "limit"),
        ] {
            let e = parse(q).err().unwrap_or_else(|| panic!("{q} was accepted"));
            assert_eq!(field_of(&e), Some(field), "{q}: {e}");
        }
    }
}
