//! Phone numbers (DIDs) the operator sells with IP phones (issue 24): its
//! inventory, imported as CSV, and each number's state.

use crate::error::FieldError;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The most numbers one import may hold.
pub const MAX_IMPORT: usize = 100_000;

/// Where a number stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NumberStatus {
    /// In stock: a customer may take it.
    Free,
    /// Held for a sign-up in progress.
    Reserved,
    /// A service's.
    Assigned,
    /// Being ported to another operator at its customer's request.
    PortingOut,
    /// Released from a service: not offered again until its quarantine ends
    /// (callers of the old owner stop dialling it).
    Quarantined,
}

impl NumberStatus {
    /// Every status, in the order of a number's life.
    pub const ALL: [NumberStatus; 5] = [
        NumberStatus::Free,
        NumberStatus::Reserved,
        NumberStatus::Assigned,
        NumberStatus::PortingOut,
        NumberStatus::Quarantined,
    ];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            NumberStatus::Free => "free",
            NumberStatus::Reserved => "reserved",
            NumberStatus::Assigned => "assigned",
            NumberStatus::PortingOut => "porting_out",
            NumberStatus::Quarantined => "quarantined",
        }
    }

    /// The status spelled `s`.
    pub fn parse(s: &str) -> Option<NumberStatus> {
        NumberStatus::ALL.into_iter().find(|n| n.as_str() == s)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            NumberStatus::Free => "Free",
            NumberStatus::Reserved => "Reserved",
            NumberStatus::Assigned => "Assigned",
            NumberStatus::PortingOut => "Porting out",
            NumberStatus::Quarantined => "Quarantined",
        }
    }
}

/// One number of the inventory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PhoneNumberView {
    /// Its id.
    pub id: Uuid,
    /// E.164 digits, without `+`.
    pub number: String,
    /// ISO 3166 alpha-2.
    pub country: String,
    /// What its holder pays a month (prorated like plans).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub monthly_fee: Decimal,
    /// What its holder pays once, when it takes it.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub setup_fee: Decimal,
    /// Where it stands (a quarantine that ended reads `free`).
    pub status: NumberStatus,
    /// The service holding it (assigned, porting out).
    pub service_id: Option<Uuid>,
    /// The end of its quarantine.
    pub quarantined_until: Option<DateTime<Utc>>,
}

/// `POST /api/v1/numbers/import`: what the file changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NumbersImported {
    /// Numbers new to the inventory (free).
    pub added: u64,
    /// Numbers known before whose fees changed.
    pub updated: u64,
    /// Numbers known before, unchanged.
    pub unchanged: u64,
}

/// `POST /api/v1/numbers/{id}/status`: staff move a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NumberStatusRequest {
    /// `assigned` (a free number given to `service_id`, a SIP or video
    /// service: its setup fee is charged, its monthly fee billed from
    /// today), `porting_out` (an assigned number its customer ports away),
    /// `quarantined` (released from its service, or ported away: billed
    /// until today), or `free` (a quarantine ended early).
    pub status: String,
    /// The service a number is assigned to.
    #[serde(default)]
    pub service_id: Option<Uuid>,
    /// Days a released number stays in quarantine (0–365, default 30).
    #[serde(default)]
    pub quarantine_days: Option<u32>,
}

/// How long a number reserved on the portal stays held for the visitor.
pub const RESERVATION_MINUTES: i64 = 15;

/// The most numbers one service may hold.
pub const MAX_PER_SERVICE: usize = 10;

/// The most numbers one search of the portal answers.
pub const OFFERED_MAX: u64 = 20;

/// A free number as a portal offers it, priced as the portal's customers
/// pay (a reseller's markups included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OfferedNumber {
    /// Its id.
    pub id: Uuid,
    /// E.164 digits, without `+`.
    pub number: String,
    /// ISO 3166 alpha-2.
    pub country: String,
    /// A month, prorated like plans.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub monthly_fee: Decimal,
    /// Once, when taken.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub setup_fee: Decimal,
}

/// `POST /api/v1/portal/numbers/{id}/reserve`: the number is held for
/// whoever presents `reservation` until `reserved_until`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NumberReservation {
    /// The number.
    pub number: OfferedNumber,
    /// The secret that takes it (in the sign-up's `numbers`).
    pub reservation: String,
    /// When the hold ends and the number is free again.
    pub reserved_until: DateTime<Utc>,
}

/// A number a service takes: a free one, or one reserved with its secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NumberPick {
    /// The number's id.
    pub id: Uuid,
    /// The reservation's secret, when the number was reserved.
    #[serde(default)]
    pub reservation: Option<String>,
}

/// A number a service holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HeldNumber {
    /// The number's id.
    pub id: Uuid,
    /// E.164 digits, without `+`.
    pub number: String,
    /// `assigned` or `porting_out`.
    pub status: NumberStatus,
}

/// `GET/PUT /api/v1/settings/on-net`: what a call to one of the tenant's
/// own numbers costs (instead of a call to those digits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OnNetSettings {
    /// Per minute, billed by the second, no connect fee (0: free).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rate_per_minute: Decimal,
}

/// Days a released number stays in quarantine unless staff say otherwise.
pub const QUARANTINE_DAYS: u32 = 30;

/// `GET /api/v1/switch/inbound?number=`: where a call to one of the
/// operator's numbers goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InboundView {
    /// The number called (E.164 digits).
    pub number: String,
    /// The SIP or video username of the phone holding it: the switch rings
    /// the phone registered under it.
    pub sip_username: String,
    /// Its service.
    pub service_id: Uuid,
    /// Its account.
    pub account_id: Uuid,
}

/// One row of the inventory CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRow {
    /// E.164 digits.
    pub number: String,
    /// ISO 3166 alpha-2, upper case.
    pub country: String,
    /// A month.
    pub monthly_fee: Decimal,
    /// Once.
    pub setup_fee: Decimal,
}

/// Parses the inventory CSV: a header `number,country,monthly_fee,setup_fee`
/// (in that order), then one number per row (E.164: 6–15 digits, an
/// optional leading `+`; each once; fees 0 or more with at most 4
/// decimals). Errors name the line.
pub fn parse_numbers_csv(text: &str) -> Result<Vec<NumberRow>, FieldError> {
    let bad = |line: u64, what: &str| FieldError::new("file", format!("line {line}: {what}"));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_ascii_lowercase).collect())
        .unwrap_or_default();
    if header.iter().map(String::as_str).collect::<Vec<_>>()
        != ["number", "country", "monthly_fee", "setup_fee"]
    {
        return Err(bad(
            1,
            "the first line must be the header number,country,monthly_fee,setup_fee",
        ));
    }
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in reader.records() {
        let row = row.map_err(|e| bad(e.position().map_or(0, |p| p.line()), "not valid CSV"))?;
        let line = row.position().map_or(0, |p| p.line());
        if row.iter().all(str::is_empty) {
            continue;
        }
        let cell = |i: usize| row.get(i).unwrap_or_default();
        let digits = cell(0).strip_prefix('+').unwrap_or(cell(0));
        if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(line, "the number must be 8 to 15 digits (E.164)"));
        }
        if digits.starts_with('0') {
            return Err(bad(line, "the number must start with its country code"));
        }
        let country = cell(1).to_ascii_uppercase();
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(bad(line, "the country must be a two-letter code (GB, FR)"));
        }
        let fee = |i: usize, name: &str| -> Result<Decimal, FieldError> {
            match cell(i).parse::<Decimal>() {
                Ok(d) if !d.is_sign_negative() && d.scale() <= 4 => Ok(d),
                _ => Err(bad(
                    line,
                    &format!("{name} must be an amount of 0 or more, at most 4 decimals"),
                )),
            }
        };
        let monthly_fee = fee(2, "monthly_fee")?;
        let setup_fee = fee(3, "setup_fee")?;
        if !seen.insert(digits.to_owned()) {
            return Err(bad(line, "this number is listed twice"));
        }
        out.push(NumberRow {
            number: digits.to_owned(),
            country,
            monthly_fee,
            setup_fee,
        });
        if out.len() > MAX_IMPORT {
            return Err(bad(line, "at most 100,000 numbers per file"));
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_inventory_csv_is_read_and_each_problem_names_its_line() {
        let rows = parse_numbers_csv(
            "number,country,monthly_fee,setup_fee\n+442071234567,gb,1.50,5\n33170000000,FR,2,0\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, "442071234567");
        assert_eq!(rows[0].country, "GB");
        assert_eq!(
            (rows[0].monthly_fee, rows[0].setup_fee),
            (dec!(1.50), dec!(5))
        );
        let err = |csv: &str| parse_numbers_csv(csv).unwrap_err().message;
        let head = "number,country,monthly_fee,setup_fee\n";
        assert!(err("number,country\n1\n").starts_with("line 1:"));
        assert_eq!(
            err(&format!("{head}442071234567,GB,1,0\n4420712x,GB,1,0\n")),
            "line 3: the number must be 8 to 15 digits (E.164)"
        );
        assert!(err(&format!("{head}02071234567,GB,1,0\n")).contains("country code"));
        assert!(err(&format!("{head}442071234567,GBR,1,0\n")).contains("two-letter"));
        assert!(err(&format!("{head}442071234567,GB,-1,0\n")).contains("monthly_fee"));
        assert!(err(&format!("{head}442071234567,GB,1,0.00001\n")).contains("setup_fee"));
        assert!(
            err(&format!(
                "{head}442071234567,GB,1,0\n+442071234567,GB,1,0\n"
            ))
            .contains("twice")
        );
    }

    #[test]
    fn statuses_round_trip() {
        for s in NumberStatus::ALL {
            assert_eq!(NumberStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(NumberStatus::parse("gone"), None);
    }
}
