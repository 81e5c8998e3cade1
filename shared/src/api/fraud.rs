//! Fraud control (issue 24): the limits authorization enforces per account
//! and per service, the destinations a customer may call, and the spend
//! anomaly that suspends a service until the operator releases it.
//!
//! A seller sets defaults ([`FraudSettings`]); a customer may be given its
//! own limits ([`CustomerFraud`]), each one replacing the seller's.

use crate::error::FieldError;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The most concurrent calls or calls per minute a limit may name.
pub const MAX_CALLS: u32 = 100_000;
/// The largest anomaly factor.
pub const MAX_FACTOR: u32 = 1_000;

/// Limits on one account (all its services together) or on each service;
/// an empty limit does not apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Limits {
    /// Calls in progress at once (from authorization until the CDR
    /// arrives, or the call's longest duration has passed).
    #[serde(default)]
    pub concurrent_calls: Option<u32>,
    /// Calls authorized in any 60 seconds.
    #[serde(default)]
    pub calls_per_minute: Option<u32>,
    /// Spend in the current clock hour (UTC), in the account's currency.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub spend_per_hour: Option<Decimal>,
    /// Spend in the current day (UTC), in the account's currency.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub spend_per_day: Option<Decimal>,
}

impl Limits {
    /// Each limit of `self`, else `fallback`'s.
    pub fn or(self, fallback: Limits) -> Limits {
        Limits {
            concurrent_calls: self.concurrent_calls.or(fallback.concurrent_calls),
            calls_per_minute: self.calls_per_minute.or(fallback.calls_per_minute),
            spend_per_hour: self.spend_per_hour.or(fallback.spend_per_hour),
            spend_per_day: self.spend_per_day.or(fallback.spend_per_day),
        }
    }

    /// Each limit of `self`, at most `cap`'s (a limit `cap` sets applies
    /// when `self` sets none).
    pub fn capped_by(self, cap: Limits) -> Limits {
        fn min<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
            match (a, b) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }
        }
        Limits {
            concurrent_calls: min(self.concurrent_calls, cap.concurrent_calls),
            calls_per_minute: min(self.calls_per_minute, cap.calls_per_minute),
            spend_per_hour: min(self.spend_per_hour, cap.spend_per_hour),
            spend_per_day: min(self.spend_per_day, cap.spend_per_day),
        }
    }

    /// No limit at all.
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }

    /// Limits on a count of calls (concurrent or per minute).
    pub fn counts_calls(&self) -> bool {
        self.concurrent_calls.is_some() || self.calls_per_minute.is_some()
    }

    /// Limits on spend.
    pub fn counts_spend(&self) -> bool {
        self.spend_per_hour.is_some() || self.spend_per_day.is_some()
    }

    fn check(&self, at: &'static [&'static str; 4], errors: &mut Vec<FieldError>) {
        for (value, field) in [
            (self.concurrent_calls, at[0]),
            (self.calls_per_minute, at[1]),
        ] {
            if value.is_some_and(|n| n == 0 || n > MAX_CALLS) {
                errors.push(FieldError::new(
                    field,
                    format!("from 1 to {MAX_CALLS} calls, or empty for no limit"),
                ));
            }
        }
        for (value, field) in [(self.spend_per_hour, at[2]), (self.spend_per_day, at[3])] {
            if value.is_some_and(|d| d <= Decimal::ZERO || d.scale() > 4) {
                errors.push(FieldError::new(
                    field,
                    "an amount above zero with at most 4 decimals, or empty for no limit",
                ));
            }
        }
    }
}

/// The limits on an account and on each of its services.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FraudLimits {
    /// On each account: all its services together.
    #[serde(default)]
    pub account: Limits,
    /// On each service on its own.
    #[serde(default)]
    pub service: Limits,
}

impl FraudLimits {
    /// Each limit of `self`, else `fallback`'s.
    pub fn or(self, fallback: FraudLimits) -> FraudLimits {
        FraudLimits {
            account: self.account.or(fallback.account),
            service: self.service.or(fallback.service),
        }
    }

    /// Each limit of `self`, at most `cap`'s.
    pub fn capped_by(self, cap: FraudLimits) -> FraudLimits {
        FraudLimits {
            account: self.account.capped_by(cap.account),
            service: self.service.capped_by(cap.service),
        }
    }

    /// The problems of each limit, named by field.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        self.account.check(
            &[
                "limits.account.concurrent_calls",
                "limits.account.calls_per_minute",
                "limits.account.spend_per_hour",
                "limits.account.spend_per_day",
            ],
            &mut errors,
        );
        self.service.check(
            &[
                "limits.service.concurrent_calls",
                "limits.service.calls_per_minute",
                "limits.service.spend_per_hour",
                "limits.service.spend_per_day",
            ],
            &mut errors,
        );
        errors
    }
}

/// `GET`/`PUT /api/v1/fraud/settings`: a seller's defaults for its
/// customers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FraudSettings {
    /// Limits every customer of the seller has unless given its own.
    #[serde(default)]
    pub limits: FraudLimits,
    /// A service is suspended when its account's spend in the current hour
    /// passes this many times its usual hourly spend (empty: never).
    #[serde(default)]
    pub anomaly_factor: Option<u32>,
    /// The usual hourly spend is taken as at least this much, so a new or
    /// quiet account is not suspended for its first calls.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub anomaly_floor: Decimal,
}

impl FraudSettings {
    /// The problems of the settings, named by field.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = self.limits.check();
        if self
            .anomaly_factor
            .is_some_and(|f| !(2..=MAX_FACTOR).contains(&f))
        {
            errors.push(FieldError::new(
                "anomaly_factor",
                format!("from 2 to {MAX_FACTOR} times the usual spend, or empty for never"),
            ));
        }
        if self.anomaly_floor < Decimal::ZERO || self.anomaly_floor.scale() > 4 {
            errors.push(FieldError::new(
                "anomaly_floor",
                "an amount of zero or more with at most 4 decimals",
            ));
        }
        errors
    }
}

/// `GET`/`PUT /api/v1/customers/{id}/fraud`: what one customer may do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerFraud {
    /// Its own limits; an empty one is the seller's.
    #[serde(default)]
    pub limits: FraudLimits,
    /// May call the operator's high-risk prefixes.
    #[serde(default)]
    pub allow_high_risk: bool,
    /// The countries (ISO 3166 alpha-2) it may call; empty: every country.
    #[serde(default)]
    pub allowed_countries: Vec<String>,
}

impl CustomerFraud {
    /// The problems, named by field; the countries in upper case, sorted,
    /// each once.
    pub fn parse(mut self) -> Result<CustomerFraud, Vec<FieldError>> {
        let mut errors = self.limits.check();
        let mut countries = Vec::with_capacity(self.allowed_countries.len());
        for c in &self.allowed_countries {
            let c = c.trim().to_ascii_uppercase();
            if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
                errors.push(FieldError::new(
                    "allowed_countries",
                    "two-letter country codes (ISO 3166), e.g. GB, FR",
                ));
                break;
            }
            countries.push(c);
        }
        if countries.len() > 300 {
            errors.push(FieldError::new(
                "allowed_countries",
                "at most 300 countries",
            ));
        }
        countries.sort();
        countries.dedup();
        self.allowed_countries = countries;
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// A service fraud control suspended, until staff release it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FraudSuspension {
    /// The service.
    pub service_id: uuid::Uuid,
    /// When its spend was found anomalous.
    pub suspended_at: DateTime<Utc>,
    /// The account's spend in that hour.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub hour_spend: Decimal,
    /// The account's usual hourly spend then.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub usual_hourly: Decimal,
}

/// A customer's fraud control as staff see it: its own settings, the
/// limits in force (its own, else its seller's), and its suspended services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerFraudView {
    /// What was set for this customer.
    pub own: CustomerFraud,
    /// The limits that apply.
    pub effective: FraudLimits,
    /// Services suspended for anomalous spend.
    pub suspensions: Vec<FraudSuspension>,
}

/// One high-risk prefix (premium rate, satellite, known fraud ranges).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HighRiskPrefix {
    /// Digits a destination starts with (E.164 without `+`).
    pub prefix: String,
    /// Why it is high-risk.
    pub description: String,
}

/// `GET /api/v1/fraud/high-risk-prefixes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HighRiskList {
    /// Every prefix, in digit order.
    pub prefixes: Vec<HighRiskPrefix>,
}

/// The answer to an import of high-risk prefixes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HighRiskImported {
    /// Prefixes now on the list.
    pub prefixes: u64,
}

/// A call fraud control refused (the first of its service and reason in
/// a minute; `refused_before` counts those not listed before it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefusedCall {
    /// When.
    pub at: DateTime<Utc>,
    /// The customer.
    pub customer_id: Option<uuid::Uuid>,
    /// The service that called.
    pub service_id: Option<uuid::Uuid>,
    /// `concurrent_limit`, `rate_limit`, `spend_limit`,
    /// `destination_blocked` or `fraud_suspended`.
    pub reason: String,
    /// The number dialled.
    pub destination: String,
    /// Refusals of the same service and reason in the minute before, not
    /// listed.
    pub refused_before: u64,
}

/// `GET /api/v1/cdrs/refused`: the latest refused calls, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefusedCallList {
    /// At most 200.
    pub items: Vec<RefusedCall>,
}

/// Parses the CSV of high-risk prefixes: a header `prefix,description`
/// then one prefix per row (1–15 digits, an optional leading `+`; each
/// once). Errors name the line.
pub fn parse_high_risk_csv(text: &str) -> Result<Vec<HighRiskPrefix>, FieldError> {
    let bad = |line: u64, what: &str| FieldError::new("file", format!("line {line}: {what}"));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header_ok = reader
        .headers()
        .ok()
        .and_then(|h| h.get(0).map(|c| c.eq_ignore_ascii_case("prefix")))
        .unwrap_or(false);
    if !header_ok {
        return Err(bad(
            1,
            "the first line must be the header prefix,description",
        ));
    }
    let mut out: Vec<HighRiskPrefix> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, "this line is not valid CSV")
        })?;
        let line = row.position().map_or(0, |p| p.line());
        let prefix = row.get(0).unwrap_or_default();
        let description = row.get(1).unwrap_or_default();
        if prefix.is_empty() && description.is_empty() {
            continue;
        }
        let digits = prefix.strip_prefix('+').unwrap_or(prefix);
        if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(line, "the prefix must be 1 to 15 digits"));
        }
        if description.chars().count() > 200 {
            return Err(bad(line, "the description has at most 200 characters"));
        }
        if !seen.insert(digits.to_owned()) {
            return Err(bad(line, "this prefix is listed twice"));
        }
        out.push(HighRiskPrefix {
            prefix: digits.to_owned(),
            description: description.to_owned(),
        });
        if out.len() > 100_000 {
            return Err(bad(line, "at most 100,000 prefixes"));
        }
    }
    out.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_customers_limit_replaces_the_sellers_one_by_one() {
        let seller = Limits {
            concurrent_calls: Some(2),
            spend_per_hour: Some(dec!(10)),
            ..Limits::default()
        };
        let own = Limits {
            concurrent_calls: Some(5),
            ..Limits::default()
        };
        let both = own.or(seller);
        assert_eq!(both.concurrent_calls, Some(5));
        assert_eq!(both.spend_per_hour, Some(dec!(10)));
        assert_eq!(both.calls_per_minute, None);
    }

    #[test]
    fn a_cap_lowers_a_limit_or_sets_a_missing_one() {
        let own = Limits {
            concurrent_calls: Some(10),
            calls_per_minute: Some(5),
            ..Limits::default()
        };
        let cap = Limits {
            concurrent_calls: Some(3),
            spend_per_day: Some(dec!(50)),
            ..Limits::default()
        };
        let l = own.capped_by(cap);
        assert_eq!(l.concurrent_calls, Some(3));
        assert_eq!(l.calls_per_minute, Some(5));
        assert_eq!(l.spend_per_day, Some(dec!(50)));
        assert_eq!(l.spend_per_hour, None);
    }

    #[test]
    fn limits_are_named_when_wrong() {
        let limits = FraudLimits {
            account: Limits {
                concurrent_calls: Some(0),
                ..Limits::default()
            },
            service: Limits {
                spend_per_day: Some(dec!(-1)),
                ..Limits::default()
            },
        };
        let fields: Vec<_> = limits.check().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "limits.account.concurrent_calls",
                "limits.service.spend_per_day"
            ]
        );
        let settings = FraudSettings {
            anomaly_factor: Some(1),
            ..FraudSettings::default()
        };
        assert_eq!(settings.check()[0].field, "anomaly_factor");
    }

    #[test]
    fn countries_are_upper_cased_and_checked() {
        let ok = CustomerFraud {
            allowed_countries: vec!["gb".into(), "FR".into(), "GB".into()],
            ..CustomerFraud::default()
        }
        .parse()
        .unwrap();
        assert_eq!(ok.allowed_countries, ["FR", "GB"]);
        let bad = CustomerFraud {
            allowed_countries: vec!["GBR".into()],
            ..CustomerFraud::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(bad[0].field, "allowed_countries");
    }

    #[test]
    fn the_csv_names_its_bad_line() {
        let list = parse_high_risk_csv(
            "prefix,description\n+882,\"International networks, satellites\"\n\n8816,\"Iridium\"\n",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].prefix, "8816");
        assert_eq!(list[1].description, "International networks, satellites");
        let err = parse_high_risk_csv("prefix,description\n882,a\n88x,b\n").unwrap_err();
        assert_eq!(err.message, "line 3: the prefix must be 1 to 15 digits");
        let err = parse_high_risk_csv("prefix\n882\n882\n").unwrap_err();
        assert!(err.message.contains("twice"), "{}", err.message);
        assert!(parse_high_risk_csv("number,x\n1\n").is_err());
    }
}
