//! Form parameters in Stripe's bracket notation (`a[b][0][c]=v`).

use serde_json::{Map, Value};

use crate::error::ApiError;

/// Decoded `application/x-www-form-urlencoded` parameters, in request order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

/// The part of a key before its first `[`: `line_items[0][quantity]` → `line_items`.
fn top_level(key: &str) -> &str {
    key.split('[').next().unwrap_or(key)
}

impl Params {
    /// Parses a urlencoded body or query string.
    pub fn parse(input: &[u8]) -> Self {
        Params {
            pairs: url::form_urlencoded::parse(input).into_owned().collect(),
        }
    }

    /// Appends the pairs of `other`.
    pub fn extend(&mut self, other: Params) {
        self.pairs.extend(other.pairs);
    }

    /// All pairs, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The first value for `key` (possibly empty).
    pub fn raw(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The value for `key`, treating an empty string as absent.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.raw(key).filter(|v| !v.is_empty())
    }

    /// The value for `key`, or `parameter_missing`.
    pub fn required(&self, key: &str) -> Result<&str, ApiError> {
        self.get(key).ok_or_else(|| ApiError::missing(key))
    }

    /// Whether any key is `prefix` or starts with `prefix[`.
    pub fn has(&self, prefix: &str) -> bool {
        let nested = format!("{prefix}[");
        self.pairs
            .iter()
            .any(|(k, _)| k == prefix || k.starts_with(&nested))
    }

    /// An optional strictly positive integer.
    pub fn positive_int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(raw) => match raw.parse::<i64>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                Ok(_) => Err(ApiError::invalid_param(
                    key,
                    format!("Invalid {key}: must be a positive integer (got {raw})"),
                )),
                Err(_) => Err(ApiError::invalid_integer(key, raw)),
            },
        }
    }

    /// A required strictly positive integer.
    pub fn required_positive_int(&self, key: &str) -> Result<i64, ApiError> {
        self.positive_int(key)?
            .ok_or_else(|| ApiError::missing(key))
    }

    /// An optional integer ≥ 0.
    pub fn non_negative_int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(raw) => match raw.parse::<i64>() {
                Ok(n) if n >= 0 => Ok(Some(n)),
                Ok(_) => Err(ApiError::invalid_param(
                    key,
                    format!("Invalid {key}: must be at least 0 (got {raw})"),
                )),
                Err(_) => Err(ApiError::invalid_integer(key, raw)),
            },
        }
    }

    /// A required three-letter lowercase ISO currency code.
    pub fn currency(&self, key: &str) -> Result<String, ApiError> {
        let raw = self.required(key)?;
        if raw.len() == 3 && raw.bytes().all(|b| b.is_ascii_lowercase()) {
            Ok(raw.to_owned())
        } else {
            Err(ApiError::invalid_param(
                key,
                format!(
                    "Invalid currency: {raw}. Stripe currencies are three-letter ISO codes in lowercase."
                ),
            ))
        }
    }

    /// A parameter that must be present and equal to `true`.
    pub fn require_true(&self, key: &str) -> Result<(), ApiError> {
        match self.required(key)? {
            "true" => Ok(()),
            other => Err(ApiError::invalid_param(
                key,
                format!(
                    "fake-stripe only supports {key}=true here (got {other}): Ringledger confirms off-session payments immediately."
                ),
            )),
        }
    }

    /// `prefix[key]=value` pairs as a JSON object of strings (`metadata[*]`).
    pub fn map(&self, prefix: &str) -> Map<String, Value> {
        let start = format!("{prefix}[");
        let mut out = Map::new();
        for (key, value) in &self.pairs {
            if let Some(inner) = key.strip_prefix(&start).and_then(|k| k.strip_suffix(']'))
                && !inner.is_empty()
                && !inner.contains('[')
                && !inner.contains(']')
            {
                out.insert(inner.to_owned(), Value::String(value.clone()));
            }
        }
        out
    }

    /// Array values `prefix[]=…` or `prefix[0]=…`, `prefix[1]=…` (sorted by index).
    pub fn list(&self, prefix: &str) -> Vec<String> {
        let start = format!("{prefix}[");
        let mut items: Vec<(usize, usize, String)> = Vec::new();
        for (position, (key, value)) in self.pairs.iter().enumerate() {
            if let Some(inner) = key.strip_prefix(&start).and_then(|k| k.strip_suffix(']')) {
                if inner.is_empty() {
                    items.push((usize::MAX, position, value.clone()));
                } else if let Ok(index) = inner.parse::<usize>() {
                    items.push((index, position, value.clone()));
                }
            }
        }
        items.sort_by_key(|(index, position, _)| (*index, *position));
        items.into_iter().map(|(_, _, value)| value).collect()
    }

    /// Rejects any top-level parameter not in `allowed` (Stripe's `parameter_unknown`).
    pub fn check_known(&self, allowed: &[&str]) -> Result<(), ApiError> {
        for (key, _) in &self.pairs {
            let name = top_level(key);
            if !allowed.contains(&name) {
                return Err(ApiError::unknown_param(name));
            }
        }
        Ok(())
    }

    /// Rejects any `prefix[sub]…` parameter whose `sub` is not in `allowed`.
    pub fn check_known_nested(&self, prefix: &str, allowed: &[&str]) -> Result<(), ApiError> {
        let start = format!("{prefix}[");
        for (key, _) in &self.pairs {
            if let Some(rest) = key.strip_prefix(&start) {
                let sub = rest.split(']').next().unwrap_or(rest);
                if !allowed.contains(&sub) {
                    return Err(ApiError::unknown_param(&format!("{prefix}[{sub}]")));
                }
            }
        }
        Ok(())
    }

    /// The `expand[]` paths.
    pub fn expand(&self) -> Vec<String> {
        self.list("expand")
    }

    /// Pairs sorted, for idempotency comparisons.
    pub fn fingerprint(&self) -> Vec<(String, String)> {
        let mut pairs = self.pairs.clone();
        pairs.sort();
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets() {
        let p = Params::parse(
            b"line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=1250&metadata[payment_id]=p1&metadata[x]=&expand[1]=b&expand[0]=a&enabled_events[]=c",
        );
        assert_eq!(
            p.get("line_items[0][price_data][unit_amount]"),
            Some("1250")
        );
        let metadata = p.map("metadata");
        assert_eq!(
            metadata.get("payment_id"),
            Some(&Value::String("p1".into()))
        );
        assert_eq!(metadata.len(), 2);
        assert_eq!(p.expand(), vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(p.list("enabled_events"), vec!["c".to_owned()]);
        assert!(p.has("line_items"));
        assert!(!p.has("line"));
        assert!(
            p.check_known(&["line_items", "metadata", "expand"])
                .is_err()
        );
        assert!(
            p.check_known(&["line_items", "metadata", "expand", "enabled_events"])
                .is_ok()
        );
    }

    #[test]
    fn integers() {
        let p = Params::parse(b"a=12&b=0&c=1.5&d=-3");
        assert!(matches!(p.positive_int("a"), Ok(Some(12))));
        assert!(p.positive_int("b").is_err());
        assert!(p.positive_int("c").is_err());
        assert!(matches!(p.non_negative_int("b"), Ok(Some(0))));
        assert!(p.non_negative_int("d").is_err());
        assert!(matches!(p.positive_int("missing"), Ok(None)));
        assert!(p.required_positive_int("missing").is_err());
    }
}
