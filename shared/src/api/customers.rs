//! Customer-side wire types: the public sign-up for several services, the
//! customer's account, the operator's customer list, card batches and
//! switch keys.

use crate::api::catalog::{BundleView, PlanView};
use crate::rating::ServiceKind;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `GET /api/v1/portal/offers`: what a portal sells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OffersView {
    /// The seller's currency.
    pub currency: String,
    /// Single-service plans on sale.
    pub plans: Vec<PlanView>,
    /// Bundles on sale.
    pub bundles: Vec<BundleView>,
    /// Per-minute plans' headline rates: the cheapest rate per minute of
    /// each plan's deck today, at this portal's prices. Left out where a
    /// reseller of the chain sells from its own deck (no single cheapest
    /// rate is exact there).
    #[serde(default)]
    pub from_rates: Vec<FromRate>,
}

/// The cheapest rate per minute of a per-minute plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FromRate {
    /// The plan.
    pub plan_id: Uuid,
    /// From this much a minute.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rate_per_minute: Decimal,
}

/// One service asked for in a sign-up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ServiceRequest {
    /// `calling_card`, `pinless`, `sip` or `video`.
    #[serde(default)]
    pub kind: String,
    /// The plan that prices it (not needed when the bundle includes the kind).
    #[serde(default)]
    pub plan_id: Option<Uuid>,
    /// PINless only: the caller numbers, international format.
    #[serde(default)]
    pub anis: Vec<String>,
    /// SIP and video only: phone numbers from the free inventory (each
    /// reserved first on the portal, or free).
    #[serde(default)]
    pub numbers: Vec<crate::api::numbers::NumberPick>,
}

/// `POST /api/v1/portal/signup`: one flow for any mix of services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerSignupRequest {
    /// The customer's name.
    #[serde(default)]
    pub name: String,
    /// Login e-mail (verified by a link).
    #[serde(default)]
    pub email: String,
    /// Password (8–128 characters).
    #[serde(default)]
    pub password: String,
    /// A bundle to subscribe to, if any.
    #[serde(default)]
    pub bundle_id: Option<Uuid>,
    /// The services, one entry each (two calling cards = two entries).
    #[serde(default)]
    pub services: Vec<ServiceRequest>,
    /// The language the customer reads (`en`, `es`, `fr`; one the portal
    /// offers; left out: the seller's default).
    #[serde(default)]
    pub locale: Option<String>,
}

/// A service on an account, with its identifiers. Secrets (PIN, SIP
/// password) are included only where the API says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ServiceView {
    /// Service id.
    pub id: Uuid,
    /// The kind.
    pub kind: ServiceKind,
    /// `active`, `suspended` or `closed`.
    pub status: String,
    /// The plan pricing it.
    pub plan_id: Option<Uuid>,
    /// The bundle subscription it belongs to.
    pub bundle_subscription_id: Option<Uuid>,
    /// Calling card: serial number.
    pub serial: Option<String>,
    /// Calling card: PIN (when revealed).
    pub pin: Option<String>,
    /// PINless: caller numbers (E.164, with `+`).
    pub anis: Vec<String>,
    /// SIP/video: username.
    pub username: Option<String>,
    /// SIP/video: password (when revealed).
    pub password: Option<String>,
    /// SIP/video: the phone numbers it holds.
    #[serde(default)]
    pub numbers: Vec<crate::api::numbers::HeldNumber>,
}

/// An account: one balance or credit limit for every service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountView {
    /// Account id.
    pub id: Uuid,
    /// `prepaid` or `postpaid`.
    pub kind: String,
    /// Currency.
    pub currency: String,
    /// Prepaid balance.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub balance: Decimal,
    /// Postpaid credit limit.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub credit_limit: Decimal,
    /// Day of the month the account is billed.
    pub billing_day: u32,
    /// `active`, `suspended` or `closed`.
    pub status: String,
    /// E-mail me when a call takes the balance below this.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub low_balance_threshold: Option<Decimal>,
    /// Its invoices list every call in an appendix (asked for by the
    /// customer; the seller may also itemize every invoice).
    #[serde(default)]
    pub itemized_invoices: bool,
}

/// `PUT /api/v1/my/itemized-invoices`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ItemizedRequest {
    /// Whether the customer's invoices list every call.
    pub itemized: bool,
}

/// `PUT /api/v1/my/low-balance`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LowBalanceRequest {
    /// Decimal string, or null to turn the alert off.
    #[serde(default)]
    pub threshold: Option<String>,
}

/// A customer with the account and its services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerView {
    /// Customer id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Login e-mail.
    pub email: String,
    /// `pending_verification`, `active`, `suspended` or `closed`.
    pub status: String,
    /// Whether the e-mail is verified.
    pub email_verified: bool,
    /// Signed up at.
    pub created_at: DateTime<Utc>,
    /// The account.
    pub account: AccountView,
    /// Its services.
    pub services: Vec<ServiceView>,
    /// Its bundle subscriptions with their allowances.
    #[serde(default)]
    pub bundles: Vec<SubscriptionView>,
    /// The seller it buys from (a parent sees its resellers' customers too).
    #[serde(default)]
    pub seller_id: Option<uuid::Uuid>,
    /// That seller's brand name.
    #[serde(default)]
    pub seller_name: String,
    /// The language its e-mails and invoices are written in (its own
    /// choice, or the seller's default).
    #[serde(default)]
    pub locale: crate::locale::Locale,
}

/// `PUT /api/v1/my/language`: the language of the customer's pages,
/// e-mails and invoices (one of those its seller's portal offers).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LanguageRequest {
    /// A language tag: `en`, `es` or `fr`.
    #[serde(default)]
    pub locale: String,
}

/// A bundle an account subscribes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SubscriptionView {
    /// Subscription id (services it covers carry it as `bundle_subscription_id`).
    pub id: Uuid,
    /// The bundle.
    pub bundle: crate::api::catalog::BundleView,
    /// `active` or `ended`.
    pub status: String,
    /// Since when.
    pub started_at: DateTime<Utc>,
    /// Allowance left this period, per allowance of the bundle.
    pub allowances_left: Vec<AllowanceLeft>,
}

/// What is left of one allowance this billing period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AllowanceLeft {
    /// The bundle's allowance.
    pub allowance_id: Uuid,
    /// The destination group's name.
    pub group_name: String,
    /// Seconds included per period.
    pub included_secs: u64,
    /// Seconds still to draw (calls draw in billable seconds).
    pub remaining_secs: u64,
}

/// `201` answer to a sign-up: the new customer with every credential shown
/// once (PINs, SIP passwords); an e-mail verification link is on its way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerSignupResponse {
    /// The customer, account and services.
    pub customer: CustomerView,
}

/// `POST /api/v1/my/verify-email`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VerifyEmailRequest {
    /// The token from the e-mailed link.
    #[serde(default)]
    pub token: String,
}

/// `POST /api/v1/card-batches`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateCardBatchRequest {
    /// A label for the batch.
    #[serde(default)]
    pub name: String,
    /// Number of cards, 1–100,000.
    #[serde(default)]
    pub quantity: u32,
    /// Balance each card starts with (decimal string).
    #[serde(default)]
    pub initial_balance: String,
    /// Last day the cards can be used, `YYYY-MM-DD`.
    #[serde(default)]
    pub expires_on: Option<String>,
}

/// A batch of prepaid cards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CardBatchView {
    /// Batch id.
    pub id: Uuid,
    /// Label.
    pub name: String,
    /// Cards in it.
    pub quantity: u32,
    /// Balance per card.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub initial_balance: Decimal,
    /// Expiry.
    pub expires_on: Option<NaiveDate>,
    /// Created at.
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/switch-keys`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateSwitchKeyRequest {
    /// What the key is for, e.g. "FreeSWITCH London".
    #[serde(default)]
    pub name: String,
}

/// A switch API key (the secret only in the creation answer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SwitchKeyView {
    /// Key id.
    pub id: Uuid,
    /// Label.
    pub name: String,
    /// The last 4 characters, to recognise it.
    pub last4: String,
    /// The whole key: shown once, at creation.
    pub key: Option<String>,
    /// Created at.
    pub created_at: DateTime<Utc>,
    /// Revoked at, if revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/switch/lookup`: exactly one identifier, in the body (a
/// calling-card PIN never travels in a URL, where proxies and logs keep it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LookupRequest {
    /// A calling-card PIN.
    #[serde(default)]
    pub pin: Option<String>,
    /// A caller number (any usual format).
    #[serde(default)]
    pub ani: Option<String>,
    /// A SIP or video username.
    #[serde(default)]
    pub sip_user: Option<String>,
}

/// `GET|POST /api/v1/switch/lookup`: who a PIN, ANI or SIP user belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LookupView {
    /// The account.
    pub account_id: Uuid,
    /// The customer (none for a card still in stock).
    pub customer_id: Option<Uuid>,
    /// The service (none for a card still in stock).
    pub service_id: Option<Uuid>,
    /// The kind of service.
    pub kind: ServiceKind,
    /// Account status.
    pub account_status: String,
    /// Service status.
    pub service_status: String,
    /// SIP/video: the password the switch authenticates the device with.
    pub sip_password: Option<String>,
}

/// `POST /api/v1/my/services/{id}/anis`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AddAniRequest {
    /// A caller number, international format.
    #[serde(default)]
    pub number: String,
}

/// `POST /api/v1/my/password`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChangePasswordRequest {
    /// The password in use.
    #[serde(default)]
    pub current_password: String,
    /// The new password (8–128 characters).
    #[serde(default)]
    pub new_password: String,
}

/// `POST /api/v1/my/cards/register`: "I have a card".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisterCardRequest {
    /// The PIN printed on the card.
    #[serde(default)]
    pub pin: String,
}

/// One offer's price for a number (public rate lookup).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OfferRate {
    /// The plan or bundle name.
    pub offer: String,
    /// The service kind (plans) or none (bundles).
    pub service_kind: Option<ServiceKind>,
    /// The matching deck row, or none when the number has no rate.
    pub rate: Option<crate::api::catalog::RateView>,
}

/// `GET /api/v1/portal/rates?number=…`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RateLookupView {
    /// The normalised number.
    pub number: String,
    /// Currency of the rates.
    pub currency: String,
    /// Per priced offer.
    pub offers: Vec<OfferRate>,
}

/// The seller's sign-up settings (`GET`/`PUT /api/v1/settings/accounts`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountSettings {
    /// Digits of generated calling-card PINs (6–20).
    pub pin_length: u32,
    /// `prepaid` or `postpaid` for new accounts.
    pub account_kind: String,
    /// Credit limit of new postpaid accounts (decimal string).
    pub default_credit_limit: String,
    /// Day of the month new accounts are billed (1–31; the 29th–31st fall on
    /// the last day of shorter months).
    pub billing_day: u32,
}

/// `POST /api/v1/customers/{id}/adjustments`: credit (positive) or debit
/// (negative) a balance by hand.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AdjustmentRequest {
    /// Signed decimal string, e.g. `"10.00"` or `"-2.50"`.
    #[serde(default)]
    pub amount: String,
    /// Why (shown in the ledger).
    #[serde(default)]
    pub reason: String,
}

/// One change to a balance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LedgerEntryView {
    /// The posting's id.
    pub id: Uuid,
    /// The journal it is a leg of (its other legs are in the seller's books).
    pub journal_id: Uuid,
    /// Signed amount.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount: Decimal,
    /// Balance after the change.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub balance_after: Decimal,
    /// The journal's kind: `usage`, `invoice`, `payment`, `refund`,
    /// `card_redemption`, `adjustment`, `credit_note`, `opening`…
    pub kind: String,
    /// Why.
    pub reason: String,
    /// Who (`switch`, a staff e-mail…).
    pub actor: String,
    /// When.
    pub created_at: DateTime<Utc>,
}
