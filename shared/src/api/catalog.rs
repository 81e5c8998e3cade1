//! Catalog wire types: rate decks and their versions, destination groups,
//! plans and bundles.

use crate::rating::ServiceKind;
use crate::rating::deck_csv::DeckSummary;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// One version of a rate deck: its rows apply from `effective_from` on,
/// until a later version takes over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeckVersionView {
    /// Version id.
    pub id: Uuid,
    /// First day (UTC) the version prices calls.
    pub effective_from: NaiveDate,
    /// Rate rows.
    pub rows: u64,
    /// Distinct destination names.
    pub destinations: u64,
    /// Lowest rate per minute.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub min_rate: Decimal,
    /// Highest rate per minute.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub max_rate: Decimal,
    /// Whether this is the version in effect today.
    pub current: bool,
    /// When it was uploaded.
    pub created_at: DateTime<Utc>,
}

/// A rate deck with its versions, newest effective date first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeckView {
    /// Deck id.
    pub id: Uuid,
    /// Name, unique per operator.
    pub name: String,
    /// Currency of every amount in the deck.
    pub currency: String,
    /// Versions, newest effective date first.
    pub versions: Vec<DeckVersionView>,
    /// When the deck was created.
    pub created_at: DateTime<Utc>,
    /// The reseller whose own selling deck this is (`None`: the operator's
    /// catalog, which plans and bundles use).
    #[serde(default)]
    pub seller_id: Option<Uuid>,
}

impl DeckView {
    /// The version in effect today, if any.
    pub fn current(&self) -> Option<&DeckVersionView> {
        self.versions.iter().find(|v| v.current)
    }
}

/// Answer to a deck upload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeckImportResponse {
    /// The deck (created if the name was new).
    pub deck: DeckView,
    /// The version the upload created (or the identical one already there).
    pub version: DeckVersionView,
    /// What the file held.
    pub summary: DeckSummary,
    /// `false` when the same file was already imported for that date.
    pub created: bool,
}

/// One row of a deck.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RateView {
    /// 1–15 digits.
    pub prefix: String,
    /// Destination name.
    pub destination: String,
    /// Price per minute.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rate_per_minute: Decimal,
    /// Connect fee.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub connect_fee: Decimal,
    /// First billing block, seconds.
    pub initial_increment: u32,
    /// Following blocks, seconds.
    pub subsequent_increment: u32,
}

/// The rows of a deck version that could price a number: every row whose
/// prefix starts the normalised number. The client rates with
/// `shared::rating` over exactly these rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RateMatchResponse {
    /// The normalised number.
    pub number: String,
    /// The version searched.
    pub version_id: Uuid,
    /// Candidate rows (the longest prefix wins).
    pub rates: Vec<RateView>,
}

/// `POST /api/v1/destination-groups`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateGroupRequest {
    /// Name, unique per operator (e.g. "North America").
    #[serde(default)]
    pub name: String,
    /// Digit prefixes of normalised numbers (e.g. `["1"]`).
    #[serde(default)]
    pub prefixes: Vec<String>,
}

/// A destination group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GroupView {
    /// Group id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Prefixes, sorted.
    pub prefixes: Vec<String>,
}

/// `POST /api/v1/plans`: per minute (a deck), flat rate (a monthly fee), or both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreatePlanRequest {
    /// Name, unique per operator.
    #[serde(default)]
    pub name: String,
    /// `calling_card`, `pinless`, `sip` or `video`.
    #[serde(default)]
    pub service_kind: String,
    /// The deck that prices its calls (per-minute plans).
    #[serde(default)]
    pub deck_id: Option<Uuid>,
    /// Monthly fee as a decimal string (flat-rate plans).
    #[serde(default)]
    pub monthly_fee: Option<String>,
}

/// A plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PlanView {
    /// Plan id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// The service it prices.
    pub service_kind: ServiceKind,
    /// Per-minute deck, if any.
    pub deck_id: Option<Uuid>,
    /// Monthly fee, if any.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub monthly_fee: Option<Decimal>,
    /// Currency (the operator's).
    pub currency: String,
    /// Whether it is on sale.
    pub active: bool,
}

/// An allowance of a new bundle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AllowanceRequest {
    /// The destination group it covers.
    #[serde(default)]
    pub group_id: Option<Uuid>,
    /// Minutes per billing period.
    #[serde(default)]
    pub minutes: u32,
    /// Service kinds that may draw on it; empty means all of the bundle's.
    #[serde(default)]
    pub service_kinds: Vec<String>,
    /// Draw order across the account's allowances (lower first).
    #[serde(default)]
    pub priority: i32,
}

/// `POST /api/v1/bundles`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateBundleRequest {
    /// Name, unique per operator.
    #[serde(default)]
    pub name: String,
    /// Monthly price as a decimal string.
    #[serde(default)]
    pub monthly_fee: String,
    /// Service kinds included.
    #[serde(default)]
    pub service_kinds: Vec<String>,
    /// The deck that prices calls beyond the allowances.
    #[serde(default)]
    pub deck_id: Option<Uuid>,
    /// Included minutes.
    #[serde(default)]
    pub allowances: Vec<AllowanceRequest>,
}

/// An allowance of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AllowanceView {
    /// Allowance id.
    pub id: Uuid,
    /// Destination group.
    pub group_id: Uuid,
    /// The group's name (e.g. "North America").
    #[serde(default)]
    pub group_name: String,
    /// Minutes per period.
    pub minutes: u32,
    /// Who may draw on it.
    pub service_kinds: Vec<ServiceKind>,
    /// Draw order (lower first).
    pub priority: i32,
}

/// A bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BundleView {
    /// Bundle id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Monthly price.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub monthly_fee: Decimal,
    /// Currency.
    pub currency: String,
    /// Services included.
    pub service_kinds: Vec<ServiceKind>,
    /// Deck beyond the allowances.
    pub deck_id: Option<Uuid>,
    /// Included minutes.
    pub allowances: Vec<AllowanceView>,
    /// On sale.
    pub active: bool,
}
