//! Resellers (`/api/v1/resellers`) and the margin report. A seller's brand
//! is in [`super::brand`] (re-exported here).

use crate::error::FieldError;
use crate::money::Currency;
use crate::rating::markup::Markup;
use crate::validate::{self, DisplayName, Email, NewPassword, Slug};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

pub use super::brand::{BrandSettings, ValidBrand};

/// Largest percentage markup accepted (1000 % = eleven times the cost).
const MAX_PERCENT: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

/// The value of `r`, or `None` with its error kept.
fn keep<T>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// Parses a markup from its kind (`percent` or `per_minute`) and value.
pub fn parse_markup(kind: &str, value: &str) -> Result<Markup, FieldError> {
    let amount = crate::rating::deck_csv::parse_amount(value)
        .map_err(|m| FieldError::new("markup_value", m))?;
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(FieldError::new(
            "markup_value",
            "must not be negative: a reseller never sells below its cost",
        ));
    }
    if amount.normalize().scale() > 6 {
        return Err(FieldError::new(
            "markup_value",
            "has more than 6 decimal places",
        ));
    }
    match kind.trim() {
        "percent" if amount <= MAX_PERCENT => Ok(Markup::Percent(amount)),
        "percent" => Err(FieldError::new("markup_value", "must be at most 1000 %")),
        "per_minute" => Ok(Markup::PerMinute(amount)),
        _ => Err(FieldError::new(
            "markup_kind",
            "must be percent or per_minute",
        )),
    }
}

/// The value of a markup.
pub fn markup_value(m: &Markup) -> Decimal {
    match *m {
        Markup::Percent(v) | Markup::PerMinute(v) => v,
    }
}

/// Parses a custom domain: a lower-cased host name of at least two labels.
pub fn parse_domain(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let d = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if d.len() > 253 || d.split('.').count() < 2 || !d.split('.').all(label_ok) {
        return Err(FieldError::new(
            field,
            "must be a host name like billing.example.com",
        ));
    }
    Ok(d)
}

/// `POST /api/v1/resellers`: a seller creates a reseller under itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateResellerRequest {
    /// The reseller's brand name.
    #[serde(default)]
    pub name: String,
    /// Its portal is `{slug}.{parent's host}`; unique in the tenant.
    #[serde(default)]
    pub slug: String,
    /// The reseller's first console login (also its wholesale customer login
    /// on the parent's portal, where it pays its wholesale invoices).
    #[serde(default)]
    pub owner_email: String,
    /// The owner's password (8–128 characters).
    #[serde(default)]
    pub owner_password: String,
    /// `percent` or `per_minute`.
    #[serde(default)]
    pub markup_kind: String,
    /// Percent (0–1000) or amount per minute (≥ 0).
    #[serde(default)]
    pub markup_value: String,
    /// `prepaid` (debited on every call, refused at zero) or `postpaid`.
    #[serde(default)]
    pub account_kind: String,
    /// Credit limit of a postpaid reseller.
    #[serde(default)]
    pub credit_limit: Option<String>,
    /// Monthly fee on the wholesale invoice (default 0).
    #[serde(default)]
    pub reseller_fee: Option<String>,
    /// A custom domain serving its portal.
    #[serde(default)]
    pub custom_domain: Option<String>,
}

/// A [`CreateResellerRequest`] whose every field has been parsed.
#[derive(Debug, Clone)]
pub struct ValidReseller {
    /// Brand name.
    pub name: DisplayName,
    /// Slug.
    pub slug: Slug,
    /// Owner e-mail.
    pub owner_email: Email,
    /// Owner password.
    pub owner_password: NewPassword,
    /// Markup on the parent's prices.
    pub markup: Markup,
    /// Whether the wholesale account is prepaid.
    pub prepaid: bool,
    /// Credit limit (postpaid; zero for prepaid).
    pub credit_limit: Decimal,
    /// Monthly fee.
    pub reseller_fee: Decimal,
    /// Custom domain.
    pub custom_domain: Option<String>,
}

impl CreateResellerRequest {
    /// Parses every field in `currency`, returning all the field errors found.
    pub fn parse(&self, currency: Currency) -> Result<ValidReseller, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = keep(&mut errors, DisplayName::parse("name", &self.name));
        let slug = keep(&mut errors, Slug::parse("slug", &self.slug));
        let owner_email = keep(&mut errors, Email::parse("owner_email", &self.owner_email));
        let owner_password = keep(
            &mut errors,
            NewPassword::parse("owner_password", &self.owner_password),
        );
        let markup = keep(
            &mut errors,
            parse_markup(&self.markup_kind, &self.markup_value),
        );
        let prepaid = keep(
            &mut errors,
            match self.account_kind.trim() {
                "prepaid" => Ok(true),
                "postpaid" => Ok(false),
                _ => Err(FieldError::new(
                    "account_kind",
                    "must be prepaid or postpaid",
                )),
            },
        );
        let credit_limit = match (prepaid, self.credit_limit.as_deref().map(str::trim)) {
            (Some(false), Some(raw)) if !raw.is_empty() => {
                keep(&mut errors, validate::price("credit_limit", raw, currency))
            }
            (Some(false), _) => keep(
                &mut errors,
                Err(FieldError::new(
                    "credit_limit",
                    "a postpaid reseller needs a credit limit",
                )),
            ),
            _ => Some(Decimal::ZERO),
        };
        let reseller_fee = match self.reseller_fee.as_deref().map(str::trim) {
            None | Some("") => Some(Decimal::ZERO),
            Some(raw) => keep(&mut errors, validate::price("reseller_fee", raw, currency)),
        };
        let custom_domain = match self.custom_domain.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(raw) => keep(&mut errors, parse_domain("custom_domain", raw)).map(Some),
        };
        match (
            name,
            slug,
            owner_email,
            owner_password,
            markup,
            prepaid,
            credit_limit,
            reseller_fee,
            custom_domain,
        ) {
            (
                Some(name),
                Some(slug),
                Some(owner_email),
                Some(owner_password),
                Some(markup),
                Some(prepaid),
                Some(credit_limit),
                Some(reseller_fee),
                Some(custom_domain),
            ) if errors.is_empty() => Ok(ValidReseller {
                name,
                slug,
                owner_email,
                owner_password,
                markup,
                prepaid,
                credit_limit,
                reseller_fee,
                custom_domain,
            }),
            _ => Err(errors),
        }
    }
}

/// `PATCH /api/v1/resellers/{id}`: the parent changes its terms.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UpdateResellerRequest {
    /// `percent` or `per_minute` (with `markup_value`).
    #[serde(default)]
    pub markup_kind: Option<String>,
    /// The new markup.
    #[serde(default)]
    pub markup_value: Option<String>,
    /// The new monthly fee.
    #[serde(default)]
    pub reseller_fee: Option<String>,
    /// The new custom domain (`""` removes it).
    #[serde(default)]
    pub custom_domain: Option<String>,
}

/// The reseller's account with its parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WholesaleView {
    /// The wholesale customer (a customer of the parent).
    pub customer_id: uuid::Uuid,
    /// The account debited at the parent's prices.
    pub account_id: uuid::Uuid,
    /// `prepaid` or `postpaid`.
    pub kind: String,
    /// Balance (negative: owed).
    pub balance: String,
    /// Credit limit (postpaid).
    pub credit_limit: String,
    /// Currency.
    pub currency: String,
}

/// A reseller as its parent (and the reseller itself) sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ResellerView {
    /// Seller id.
    pub id: uuid::Uuid,
    /// The parent seller.
    pub parent_id: uuid::Uuid,
    /// Levels below the operator (1 = a direct reseller).
    pub depth: u32,
    /// Brand name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// The portal's address (`{slug}.{parent host}`).
    pub portal_host: String,
    /// Custom domain, if any.
    pub custom_domain: Option<String>,
    /// Whether the custom domain is proven (only then does it serve the
    /// portal).
    #[serde(default)]
    pub custom_domain_verified: bool,
    /// While it is not: the DNS TXT record to publish, its name…
    #[serde(default)]
    pub custom_domain_txt_name: Option<String>,
    /// …and its value; then `POST /api/v1/resellers/{id}/domain/verify`.
    #[serde(default)]
    pub custom_domain_txt_value: Option<String>,
    /// `percent` or `per_minute`.
    pub markup_kind: String,
    /// The markup.
    pub markup_value: String,
    /// Monthly fee.
    pub reseller_fee: String,
    /// The wholesale account.
    pub wholesale: Option<WholesaleView>,
    /// Its own customers.
    pub customers: u64,
    /// Its sub-resellers.
    pub sub_resellers: u64,
    /// When it was created.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// `GET /api/v1/wholesale`: a reseller's account with its parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WholesaleStatement {
    /// The account (balance or credit left).
    pub account: WholesaleView,
    /// The parent's name.
    pub parent_name: String,
    /// Where the reseller pays: the parent's portal, signed in with the
    /// owner's e-mail.
    pub pay_url: String,
    /// The wholesale invoices, newest first.
    pub invoices: Vec<crate::api::billing::InvoiceView>,
}

/// `GET`/`PUT /api/v1/settings/pricing`: how a reseller prices its customers'
/// calls on top of its parent's tariff.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PricingSettings {
    /// `percent`, `per_minute` or `deck` (its own deck, raised to the
    /// parent's price wherever it is lower; calls its deck has no row for
    /// are sold at the parent's price).
    #[serde(default)]
    pub markup_kind: String,
    /// Percent or amount per minute (ignored for `deck`).
    #[serde(default)]
    pub markup_value: String,
    /// The reseller's own deck (for `deck`).
    #[serde(default)]
    pub deck_id: Option<uuid::Uuid>,
}

/// `GET`/`PUT /api/v1/settings/resellers`: the operator's rules for resellers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ResellerSettings {
    /// How many levels of resellers may nest under the operator (1–5).
    #[serde(default)]
    pub max_reseller_depth: u32,
}

/// The image types a logo may be, recognised by their first bytes (the
/// declared content type is not trusted).
pub fn logo_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Largest logo accepted, in bytes.
pub const MAX_LOGO_BYTES: usize = 256 * 1024;

/// One day of the margin report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MarginDay {
    /// The day (UTC).
    pub day: chrono::NaiveDate,
    /// Calls rated.
    pub calls: u64,
    /// What the seller's own customers and sub-resellers were charged.
    pub revenue: String,
    /// What the seller was charged by its parent (zero for the operator).
    pub cost: String,
    /// Revenue less cost.
    pub margin: String,
}

/// `GET /api/v1/reports/margin`: a seller's revenue, cost and margin per day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MarginReport {
    /// Currency of every amount.
    pub currency: String,
    /// The days, oldest first (days without calls included).
    pub days: Vec<MarginDay>,
    /// Sum of revenue.
    pub revenue: String,
    /// Sum of cost.
    pub cost: String,
    /// Sum of margin.
    pub margin: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn good() -> CreateResellerRequest {
        CreateResellerRequest {
            name: "Blue Calls".into(),
            slug: "blue".into(),
            owner_email: "owner@blue.test".into(),
            owner_password: "correct horse".into(),
            markup_kind: "percent".into(),
            markup_value: "20".into(),
            account_kind: "prepaid".into(),
            credit_limit: None,
            reseller_fee: Some("10".into()),
            custom_domain: Some("Calls.Blue.Example.".into()),
        }
    }

    #[test]
    fn a_good_request_parses() {
        let v = good().parse(Currency::USD).unwrap();
        assert_eq!(v.markup, Markup::Percent(dec!(20)));
        assert!(v.prepaid);
        assert_eq!(v.reseller_fee, dec!(10));
        assert_eq!(v.custom_domain.as_deref(), Some("calls.blue.example"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = CreateResellerRequest {
            name: "".into(),
            slug: "X".into(),
            owner_email: "nope".into(),
            owner_password: "short".into(),
            markup_kind: "percent".into(),
            markup_value: "-5".into(),
            account_kind: "postpaid".into(),
            credit_limit: None,
            reseller_fee: Some("1.234".into()),
            custom_domain: Some("localhost".into()),
        };
        let fields: Vec<&str> = bad
            .parse(Currency::USD)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "name",
                "slug",
                "owner_email",
                "owner_password",
                "markup_value",
                "credit_limit",
                "reseller_fee",
                "custom_domain"
            ]
        );
    }

    #[test]
    fn markups_are_bounded() {
        assert!(parse_markup("percent", "1001").is_err());
        assert!(parse_markup("fixed", "1").is_err());
        assert_eq!(
            parse_markup("per_minute", "0.015"),
            Ok(Markup::PerMinute(dec!(0.015)))
        );
        assert!(parse_markup("per_minute", "0.0000001").is_err());
    }

    #[test]
    fn logos_are_recognised_by_their_bytes() {
        assert_eq!(logo_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(logo_type(&[0xff, 0xd8, 0xff, 0xe0]), Some("image/jpeg"));
        assert_eq!(logo_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(logo_type(b"<svg xmlns="), None, "SVG can carry script");
        assert_eq!(logo_type(b""), None);
    }
}
