//! The switch-facing call contract: authorization ("may this call go ahead,
//! and for how long?").

use crate::api::text::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `POST /api/v1/authorize`: exactly one of `pin`, `ani`, `sip_username`.
/// Its text is borrowed from the request's body ([`Text`]): the hot route
/// allocates nothing to read it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuthorizeRequest<'a> {
    /// `calling_card`, `pinless`, `sip` or `video`.
    #[serde(default, borrow)]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub service: Text<'a>,
    /// Calling card: the PIN entered at the access number.
    #[serde(default, borrow)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub pin: Option<Text<'a>>,
    /// PINless: the caller's number.
    #[serde(default, borrow)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub ani: Option<Text<'a>>,
    /// SIP or video: the username the device registered with.
    #[serde(default, borrow)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sip_username: Option<Text<'a>>,
    /// The dialled number, in any usual format.
    #[serde(default, borrow)]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub destination: Text<'a>,
    /// The switch's id of the call (the `call_id` its CDR will carry). A
    /// prepaid authorization reserves the call's money under this id: the
    /// CDR with the same id settles it, and asking again for the same call
    /// (a retransmitted INVITE) returns the same answer without reserving
    /// twice. Without it the reservation is settled by the service's next
    /// CDR, or expires.
    #[serde(default, borrow)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub call_id: Option<Text<'a>>,
    /// `false`: only ask how long the call could last, holding nothing
    /// (an IVR announcing the minutes left before the number is dialled).
    /// Default `true`.
    #[serde(default)]
    pub reserve: Option<bool>,
}

/// Why a call is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// No service has this PIN, ANI or SIP username.
    UnknownIdentifier,
    /// The identifier belongs to another kind of service than the one asked.
    ServiceMismatch,
    /// The account or the service is suspended or closed, the calling card
    /// is blocked, or a reseller the customer buys through was suspended by
    /// its parent (or an account became `unpaid`).
    AccountSuspended,
    /// The customer has not confirmed their e-mail address yet (a portal
    /// sign-up before following the verification link). Customers created by
    /// staff, and resellers' wholesale accounts, count as verified.
    EmailUnverified,
    /// The customer was suspended by the seller's staff (a suspension may
    /// be lifted).
    CustomerSuspended,
    /// The customer was closed by the seller's staff (for good).
    CustomerClosed,
    /// The calling card has expired.
    CardExpired,
    /// The destination is not a phone number.
    InvalidDestination,
    /// No rate prices this destination for the service.
    NoRate,
    /// The balance (or remaining credit) cannot pay for the shortest call.
    InsufficientBalance,
    /// The account or the service has as many calls in progress as its
    /// fraud limit allows.
    ConcurrentLimit,
    /// The account or the service was authorized as many calls in the last
    /// minute as its fraud limit allows.
    RateLimit,
    /// The account or the service has spent its fraud limit for the hour
    /// or the day.
    SpendLimit,
    /// The destination is a high-risk prefix the customer may not call, or
    /// in a country it may not call.
    DestinationBlocked,
    /// Fraud control suspended the service for anomalous spend; staff
    /// release it in the console.
    FraudSuspended,
}

/// The answer: `authorized` with the longest call allowed, or a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuthorizeResponse {
    /// Whether the call may go ahead.
    pub authorized: bool,
    /// The longest duration whose charge (after allowances) fits in what the
    /// account can spend; 0 when refused.
    pub max_duration_secs: u64,
    /// The rate applied (when a rate matched).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub rate_per_minute: Option<Decimal>,
    /// The connect fee applied (when a rate matched).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub connect_fee: Option<Decimal>,
    /// The matched prefix.
    pub prefix: Option<String>,
    /// Seconds of bundled allowance this call can draw on.
    pub allowance_secs: u64,
    /// Why the call is refused (none when authorized).
    pub reason: Option<RefusalReason>,
    /// Money held for this call on prepaid accounts (the customer's), until
    /// its CDR settles it or the reservation expires after the call's
    /// longest duration.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(default)]
    pub reserved: Option<Decimal>,
}

impl AuthorizeResponse {
    /// A refusal.
    pub fn refused(reason: RefusalReason) -> Self {
        Self {
            authorized: false,
            max_duration_secs: 0,
            rate_per_minute: None,
            connect_fee: None,
            prefix: None,
            allowance_secs: 0,
            reason: Some(reason),
            reserved: None,
        }
    }
}

/// One call detail record posted by a switch (JSON, or a CSV row with these
/// column names). Exactly one of `pin`, `ani`, `sip_username`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CdrRecord {
    /// The switch's id of the call; a second record with the same id (per
    /// operator) is acknowledged and ignored.
    #[serde(default)]
    pub call_id: String,
    /// `calling_card`, `pinless`, `sip` or `video`.
    #[serde(default)]
    pub service: String,
    /// Calling card PIN.
    #[serde(default)]
    pub pin: Option<String>,
    /// Caller number (PINless).
    #[serde(default)]
    pub ani: Option<String>,
    /// SIP or video username.
    #[serde(default)]
    pub sip_username: Option<String>,
    /// The dialled number.
    #[serde(default)]
    pub destination: String,
    /// When the call started (RFC 3339).
    #[serde(default)]
    pub start_time: String,
    /// Answered seconds (0 or less: unanswered).
    #[serde(default)]
    pub duration_secs: i64,
    /// `audio` (default) or `video`.
    #[serde(default)]
    pub media: Option<String>,
}

/// Why a CDR was not billed. The first five are records Ringledger cannot
/// read (answered at once, never kept); the others are kept as `rejected`
/// calls, which can be re-rated once the cause is fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// A CSV row that cannot be read as a record.
    Invalid,
    /// No call id, or one longer than 128 characters.
    InvalidCallId,
    /// `service` is not one of the service kinds.
    InvalidService,
    /// Not exactly one of `pin`, `ani`, `sip_username`.
    InvalidIdentifier,
    /// `start_time` is not an RFC 3339 instant.
    InvalidStartTime,
    /// No service has this PIN, ANI or SIP username (or its account is gone).
    UnknownIdentifier,
    /// The identifier belongs to another kind of service than the record's.
    ServiceMismatch,
    /// The account or service is suspended or closed, or the card blocked.
    AccountSuspended,
    /// The calling card had expired on the day of the call.
    CardExpired,
    /// The destination is not a phone number.
    InvalidDestination,
    /// No rate prices the destination on the day of the call.
    NoRate,
}

impl RejectCode {
    /// Every code, in declaration order.
    pub const ALL: [RejectCode; 11] = [
        RejectCode::Invalid,
        RejectCode::InvalidCallId,
        RejectCode::InvalidService,
        RejectCode::InvalidIdentifier,
        RejectCode::InvalidStartTime,
        RejectCode::UnknownIdentifier,
        RejectCode::ServiceMismatch,
        RejectCode::AccountSuspended,
        RejectCode::CardExpired,
        RejectCode::InvalidDestination,
        RejectCode::NoRate,
    ];

    /// The wire and storage spelling (`no_rate`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::Invalid => "invalid",
            RejectCode::InvalidCallId => "invalid_call_id",
            RejectCode::InvalidService => "invalid_service",
            RejectCode::InvalidIdentifier => "invalid_identifier",
            RejectCode::InvalidStartTime => "invalid_start_time",
            RejectCode::UnknownIdentifier => "unknown_identifier",
            RejectCode::ServiceMismatch => "service_mismatch",
            RejectCode::AccountSuspended => "account_suspended",
            RejectCode::CardExpired => "card_expired",
            RejectCode::InvalidDestination => "invalid_destination",
            RejectCode::NoRate => "no_rate",
        }
    }

    /// The code spelled `s`, if any.
    pub fn parse(s: &str) -> Option<RejectCode> {
        RejectCode::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod reject_code_tests {
    use super::RejectCode;

    #[test]
    fn spelling_round_trips_and_matches_serde() {
        for code in RejectCode::ALL {
            assert_eq!(RejectCode::parse(code.as_str()), Some(code));
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
        assert_eq!(RejectCode::parse("nope"), None);
    }
}

/// Where a stored CDR stands: rated (charged, or covered by a bundle) or
/// rejected (kept with its `RejectCode`, to be re-rated once the cause is
/// fixed). Stored as text in `cdrs.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
#[serde(rename_all = "snake_case")]
pub enum CdrStatus {
    /// Rated and charged (or covered).
    #[cfg_attr(feature = "db", sea_orm(string_value = "rated"))]
    Rated,
    /// Not billed; see the record's reason.
    #[cfg_attr(feature = "db", sea_orm(string_value = "rejected"))]
    Rejected,
}

impl CdrStatus {
    /// The wire and storage spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CdrStatus::Rated => "rated",
            CdrStatus::Rejected => "rejected",
        }
    }

    /// The status spelled `s`, if any.
    pub fn parse(s: &str) -> Option<CdrStatus> {
        [CdrStatus::Rated, CdrStatus::Rejected]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// A record that was not billed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RejectedCdr {
    /// The record's call id (empty when it had none).
    pub call_id: String,
    /// Why it was not billed.
    pub code: RejectCode,
    /// The same for people, when there is more to say (e.g. `no deck
    /// version in force on 2026-11-28`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Answer to a CDR batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CdrBatchResponse {
    /// Records rated and billed now.
    pub accepted: u64,
    /// Records already received before (nothing changed).
    pub duplicates: u64,
    /// Records not billed; those with a call id are kept for re-rating.
    pub rejected: Vec<RejectedCdr>,
}

/// A stored call detail record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CdrView {
    /// Record id.
    pub id: uuid::Uuid,
    /// The switch's call id.
    pub call_id: String,
    /// The account billed (none when the identifier was unknown).
    pub account_id: Option<uuid::Uuid>,
    /// The service used.
    pub service_id: Option<uuid::Uuid>,
    /// Service kind.
    pub service_kind: String,
    /// The identifier (PINs masked).
    pub identifier: String,
    /// Dialled number.
    pub destination: String,
    /// Start of the call.
    pub start_time: chrono::DateTime<chrono::Utc>,
    /// Answered seconds.
    pub duration_secs: i64,
    /// `audio` or `video`.
    pub media: String,
    /// Rated or rejected.
    pub status: CdrStatus,
    /// Why it was rejected.
    pub reason: Option<RejectCode>,
    /// Why, for people (e.g. `no deck version in force on 2026-11-28`).
    #[serde(default)]
    pub reason_detail: Option<String>,
    /// Matched prefix.
    pub prefix: Option<String>,
    /// Billable seconds.
    pub billable_secs: i64,
    /// Seconds covered by allowances.
    pub covered_secs: i64,
    /// Charge (4 decimal places).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub charge: Decimal,
}

/// Answer to `POST /api/v1/cdrs/rerate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RerateResponse {
    /// Kept records now rated and billed.
    pub rerated: u64,
    /// Records that still cannot be rated.
    pub still_rejected: u64,
}

/// Usage of one service over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ServiceUsage {
    /// The service.
    pub service_id: uuid::Uuid,
    /// Its kind.
    pub kind: String,
    /// Rated calls.
    pub calls: u64,
    /// Billable seconds.
    pub billable_secs: u64,
    /// Seconds covered by allowances.
    pub covered_secs: u64,
    /// What the calls cost.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub cost: Decimal,
}

/// Usage on one day (for charts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DayUsage {
    /// The day (UTC).
    pub day: chrono::NaiveDate,
    /// Rated calls.
    pub calls: u64,
    /// Billable seconds.
    pub billable_secs: u64,
    /// Cost.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub cost: Decimal,
}

/// `GET /api/v1/my/usage`: the account's usage per service and per day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UsageView {
    /// First day included.
    pub from: chrono::NaiveDate,
    /// Last day included.
    pub to: chrono::NaiveDate,
    /// Currency of the costs.
    pub currency: String,
    /// Per service (services without calls included, with zeros).
    pub services: Vec<ServiceUsage>,
    /// Per day with calls, oldest first.
    pub days: Vec<DayUsage>,
}

/// Revenue of one service kind over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KindRevenue {
    /// `calling_card`, `pinless`, `sip` or `video`.
    pub kind: String,
    /// Rated calls.
    pub calls: u64,
    /// Billable seconds.
    pub billable_secs: u64,
    /// Usage charges.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub revenue: Decimal,
}

/// `GET /api/v1/reports/revenue`: usage revenue per day and per service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RevenueView {
    /// First day included.
    pub from: chrono::NaiveDate,
    /// Last day included.
    pub to: chrono::NaiveDate,
    /// The operator's currency.
    pub currency: String,
    /// Per day with calls, oldest first (`cost` is the revenue).
    pub days: Vec<DayUsage>,
    /// Per service kind.
    pub services: Vec<KindRevenue>,
}

#[cfg(test)]
mod tests {
    use super::AuthorizeRequest;

    #[test]
    fn an_authorize_request_borrows_its_text_and_reads_escapes() {
        let body = r#"{"service":"sip","sip_username":"alice","destination":"+1 555\/0100","call_id":"c-1"}"#;
        let req: AuthorizeRequest = serde_json::from_str(body).unwrap_or_default();
        assert!(req.sip_username.as_ref().is_some_and(|t| t.is_borrowed()));
        assert_eq!(req.sip_username.as_deref(), Some("alice"));
        assert_eq!(&*req.service, "sip");
        assert_eq!(&*req.destination, "+1 555/0100");
        assert_eq!(req.call_id.as_deref(), Some("c-1"));
        assert_eq!((req.pin, req.ani, req.reserve), (None, None, None));
        let empty: AuthorizeRequest = serde_json::from_str("{}").unwrap_or_default();
        assert_eq!((&*empty.service, &*empty.destination), ("", ""));
    }
}
