//! Request and response bodies of the REST API (`/api/v1`), shared by the
//! server and the SPA so both sides agree to the byte.

pub mod audit;
pub mod billing;
pub mod books;
pub mod brand;
pub mod calls;
pub mod catalog;
pub mod customers;
pub mod fraud;
pub mod my_calls;
pub mod numbers;
pub mod onboarding;
pub mod payments;
pub mod resellers;
pub mod routes;
pub mod sort;
pub mod team;
pub mod text;
pub mod webhooks;

use crate::error::FieldError;
use crate::ids::{SellerId, TenantId, UserId};
use crate::money::Currency;
use crate::validate::{self, CountryCode, DisplayName, Email, NewPassword, Slug};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `POST /api/v1/tenants`: an operator signs its company up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignupRequest {
    /// The company's name, shown on its portal and invoices.
    #[serde(default)]
    pub company_name: String,
    /// The portal slug: the portal lives at `{slug}.{base domain}`.
    #[serde(default)]
    pub slug: String,
    /// The first console login (the owner).
    #[serde(default)]
    pub email: String,
    /// The owner's password (8–128 characters).
    #[serde(default)]
    pub password: String,
    /// ISO 4217 currency the operator bills in; `USD` when absent.
    #[serde(default)]
    pub currency: Option<String>,
    /// ISO 3166-1 alpha-2 country of the company.
    #[serde(default)]
    pub country: Option<String>,
}

/// A [`SignupRequest`] whose every field has been parsed.
#[derive(Debug, Clone)]
pub struct ValidSignup {
    /// Company name.
    pub company_name: DisplayName,
    /// Portal slug.
    pub slug: Slug,
    /// Owner e-mail.
    pub email: Email,
    /// Owner password.
    pub password: NewPassword,
    /// Billing currency.
    pub currency: Currency,
    /// Country, if given.
    pub country: Option<CountryCode>,
}

impl SignupRequest {
    /// Parses every field, returning all the field errors found, in form order.
    pub fn parse(&self) -> Result<ValidSignup, Vec<FieldError>> {
        let mut errors = Vec::new();
        let company_name = DisplayName::parse("company_name", &self.company_name)
            .map_err(|e| errors.push(e))
            .ok();
        let slug = Slug::parse("slug", &self.slug)
            .map_err(|e| errors.push(e))
            .ok();
        let email = Email::parse("email", &self.email)
            .map_err(|e| errors.push(e))
            .ok();
        let password = NewPassword::parse("password", &self.password)
            .map_err(|e| errors.push(e))
            .ok();
        let currency = match self.currency.as_deref().map(str::trim) {
            None | Some("") => Some(Currency::USD),
            Some(raw) => validate::currency("currency", raw)
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let country = match self.country.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(raw) => CountryCode::parse("country", raw)
                .map(Some)
                .map_err(|e| errors.push(e))
                .ok(),
        };
        match (company_name, slug, email, password, currency, country) {
            (
                Some(company_name),
                Some(slug),
                Some(email),
                Some(password),
                Some(currency),
                Some(country),
            ) if errors.is_empty() => Ok(ValidSignup {
                company_name,
                slug,
                email,
                password,
                currency,
                country,
            }),
            _ => Err(errors),
        }
    }
}

/// `POST /api/v1/auth/login` (on a portal host for staff, on the bare host
/// for platform admins).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoginRequest {
    /// The login e-mail.
    #[serde(default)]
    pub email: String,
    /// The password.
    #[serde(default)]
    pub password: String,
    /// Staff with two-factor sign-in: the authenticator's six digits, or a
    /// recovery code (asked for after `401 two_factor_required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A parsed [`LoginRequest`].
#[derive(Debug, Clone)]
pub struct ValidLogin {
    /// The normalised e-mail.
    pub email: Email,
    /// The password as typed (not checked for strength: it is compared).
    pub password: String,
    /// The second factor, when given.
    pub code: Option<String>,
}

impl LoginRequest {
    /// Parses the fields, returning every error found.
    pub fn parse(&self) -> Result<ValidLogin, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = Email::parse("email", &self.email)
            .map_err(|e| errors.push(e))
            .ok();
        if self.password.is_empty() {
            errors.push(FieldError::new("password", "is required"));
        } else if self.password.chars().count() > NewPassword::MAX_CHARS {
            errors.push(FieldError::new(
                "password",
                "must be at most 128 characters",
            ));
        }
        match email {
            Some(email) if errors.is_empty() => Ok(ValidLogin {
                email,
                password: self.password.clone(),
                code: self
                    .code
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| c.chars().take(32).collect()),
            }),
            _ => Err(errors),
        }
    }
}

/// `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`. The refresh
/// token may come in this body or in the `rl_refresh` cookie.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefreshRequest {
    /// A sign-up's hand-off token (browsers send the `rl_refresh` cookie
    /// instead, and API clients may send the cookie's value here).
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// Whether an operator may use the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum TenantStatus {
    /// Normal operation.
    Active,
    /// Suspended by the platform: no one of the tenant can log in.
    Suspended,
}

impl TenantStatus {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            TenantStatus::Active => "active",
            TenantStatus::Suspended => "suspended",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(TenantStatus::Active),
            "suspended" => Some(TenantStatus::Suspended),
            _ => None,
        }
    }
}

/// An operator, as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TenantView {
    /// Tenant id.
    pub id: TenantId,
    /// Portal slug.
    pub slug: String,
    /// Company name.
    pub company_name: String,
    /// Billing currency.
    pub currency: Currency,
    /// Country code, if known.
    pub country: Option<String>,
    /// Active or suspended.
    pub status: TenantStatus,
    /// The portal's address, e.g. `http://acme.localhost:8080`.
    pub portal_url: String,
    /// When the operator signed up.
    pub created_at: DateTime<Utc>,
    /// Their Ringledger plan: `none` (not billed), `trialing`, `active`,
    /// `past_due` or `canceled`.
    #[serde(default)]
    pub plan_status: String,
    /// End of the trial or paid period.
    #[serde(default)]
    pub plan_period_end: Option<DateTime<Utc>>,
}

/// Who is logged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// Platform administrator (the SaaS owner).
    PlatformAdmin,
    /// An operator's staff.
    Operator,
    /// A reseller's staff.
    Reseller,
    /// An end customer.
    Customer,
}

/// The logged-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MeView {
    /// What kind of principal.
    pub kind: PrincipalKind,
    /// The user's id.
    pub user_id: UserId,
    /// The login e-mail.
    pub email: String,
    /// The tenant, for everyone but platform admins.
    pub tenant: Option<TenantView>,
    /// The seller the user works for, for staff.
    pub seller_id: Option<SellerId>,
    /// Whether the login's e-mail is verified (a staff member's console
    /// takes payments and creates resellers only then).
    #[serde(default = "verified_by_default")]
    pub email_verified: bool,
    /// A staff member's role (none for customers and platform admins).
    #[serde(default)]
    pub role: Option<crate::status::StaffRole>,
    /// What a staff member may do (`docs/ROLES.md`); the console hides the
    /// rest. Empty for customers and platform admins.
    #[serde(default)]
    pub permissions: Vec<crate::access::Permission>,
    /// Whether the login signs in with a second factor (TOTP).
    #[serde(default)]
    pub two_factor: bool,
    /// Whether the team requires it (and the member has yet to enrol: the
    /// console then allows nothing but enrolling).
    #[serde(default)]
    pub two_factor_due: bool,
}

fn verified_by_default() -> bool {
    true
}

/// A session: a short-lived access token. Its rotating refresh token is set
/// as the http-only `rl_refresh` cookie only, never in a JSON body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionView {
    /// Bearer JWT for the `Authorization` header.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Who this session is for.
    pub me: MeView,
}

/// `201` answer to a sign-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignupResponse {
    /// The new operator.
    pub tenant: TenantView,
    /// The owner's first session (its access token is valid on the new
    /// portal's hosts only).
    pub session: SessionView,
    /// Single-use, valid for five minutes: the new portal exchanges it for a
    /// session of its own (`POST /api/v1/auth/refresh` on the portal's host,
    /// which sets that portal's refresh cookie). The SPA carries it to
    /// `/auth/handoff` in the URL fragment.
    pub handoff_token: String,
}

/// `POST /api/v1/tenants/find-console`: the platform's "Sign in to your
/// console" — where a company's console is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FindConsoleRequest {
    /// The company's portal address (`acme`, `acme.ringledger.example`,
    /// `https://billing.acme.com/`) or a staff member's e-mail address.
    #[serde(default)]
    pub address: String,
}

/// Where to sign in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FindConsoleResponse {
    /// The console's sign-in page, for a portal address.
    pub login_url: Option<String>,
    /// For an e-mail address: the links to every console it signs in to
    /// were e-mailed to it, if there are any (the answer is the same either
    /// way).
    pub emailed: bool,
}

/// Which kind of site a host name shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PortalKind {
    /// The bare base domain: Ringledger's own site and the platform console.
    Platform,
    /// A seller's branded portal.
    Seller,
}

/// `GET /api/v1/portal`: the brand of the site the browser is on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PortalView {
    /// Platform or seller portal.
    pub kind: PortalKind,
    /// Name to show in the header.
    pub name: String,
    /// The seller's slug (none on the platform site).
    pub slug: Option<String>,
    /// Main brand colour `#rrggbb`.
    pub primary_color: String,
    /// Accent colour `#rrggbb`.
    pub accent_color: String,
    /// Support e-mail, if set.
    pub support_email: Option<String>,
    /// Whether the tenant is suspended (the portal then says so).
    pub suspended: bool,
    /// The base domain portals live under (e.g. `localhost`).
    pub base_domain: String,
    /// Whether the seller uploaded a logo (`GET /api/v1/portal/logo`);
    /// without one the header shows the name only, and nothing is fetched.
    #[serde(default)]
    pub has_logo: bool,
    /// The SIP server (`host:port`) the seller's customers' phones register
    /// with, if it shows one.
    #[serde(default)]
    pub sip_server: Option<String>,
    /// The languages the portal offers, its default first.
    #[serde(default)]
    pub languages: Vec<crate::locale::Locale>,
}

/// A page of items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Total number of items.
    pub total: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> SignupRequest {
        SignupRequest {
            company_name: "Acme Telecom".into(),
            slug: "acme".into(),
            email: "owner@acme.test".into(),
            password: "correct horse".into(),
            currency: None,
            country: Some("gb".into()),
        }
    }

    #[test]
    fn signup_parses_and_defaults_currency() {
        let v = good().parse().ok();
        assert_eq!(v.as_ref().map(|v| v.currency), Some(Currency::USD));
        assert_eq!(
            v.and_then(|v| v.country).map(|c| c.as_str().to_owned()),
            Some("GB".into())
        );
    }

    #[test]
    fn signup_reports_every_field_in_order() {
        let req = SignupRequest {
            currency: Some("dollars".into()),
            country: Some("United Kingdom".into()),
            ..Default::default()
        };
        let fields: Vec<_> = req
            .parse()
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "company_name",
                "slug",
                "email",
                "password",
                "currency",
                "country"
            ]
        );
    }

    #[test]
    fn login_requires_both_fields() {
        let fields: Vec<_> = LoginRequest::default()
            .parse()
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["email", "password"]);
    }
}
