//! What authorization knows about an identifier's line, read in one
//! transaction and kept by the authorization cache.

use crate::services::allowances::Drawable;
use crate::services::fraud::LineFraud;
use crate::services::seller_tree::Pricing;
use ringledger_shared::api::calls::RefusalReason;
use ringledger_shared::ids::AccountId;
use ringledger_shared::rating::ServiceKind;
use rust_decimal::Decimal;
use uuid::Uuid;

/// Everything authorization needs to know about an identifier's line,
/// read in one transaction (and kept by [`crate::services::auth_cache::AuthCache`]).
pub struct CallContext(pub(super) Result<Line, RefusalReason>);

/// A resolved line.
pub(super) struct Line {
    pub(super) account_id: AccountId,
    pub(super) service_id: Uuid,
    /// Prepaid: calls reserve their money (`services::reservations`).
    pub(super) prepaid: bool,
    pub(super) kind: ServiceKind,
    pub(super) expires_on: Option<chrono::NaiveDate>,
    pub(super) blocked: bool,
    /// Why the customer holding the line may not call (closed, suspended,
    /// e-mail unverified), if so.
    pub(super) customer: Option<RefusalReason>,
    /// Account and service both active.
    pub(super) active: bool,
    /// Prepaid balance, or postpaid credit left.
    pub(super) available: Decimal,
    /// The pricing deck's versions (effective date, id), newest first; empty
    /// when the service has no deck.
    pub(super) versions: Vec<(chrono::NaiveDate, Uuid)>,
    /// Allowances left, as of the moment the context was read.
    pub(super) drawable: Drawable,
    pub(super) billing_day: u32,
    /// The resellers the customer buys through, operator's side first.
    pub(super) chain: Vec<Level>,
    /// Fraud control's limits, destination rules and spend so far.
    pub(super) fraud: LineFraud,
}

/// One reseller between the customer and the operator.
pub(super) struct Level {
    /// How it prices on its parent's tariff.
    pub(super) pricing: Pricing,
    /// Its own deck's versions (effective date, id), newest first.
    pub(super) versions: Vec<(chrono::NaiveDate, Uuid)>,
    /// What its wholesale account can spend (`None`: no account, no limit).
    pub(super) available: Option<Decimal>,
    /// Its wholesale account when prepaid (calls reserve on it too).
    pub(super) prepaid_account: Option<AccountId>,
    /// Its wholesale account is active (the parent has not suspended it).
    pub(super) active: bool,
}

impl CallContext {
    /// What a plain customer's line caches: a prepaid SIP service on one
    /// deck version, no allowances, no resellers (tests).
    #[cfg(test)]
    pub(crate) fn sample() -> Self {
        let day = chrono::NaiveDate::MIN;
        CallContext(Ok(Line {
            account_id: AccountId(Uuid::now_v7()),
            service_id: Uuid::now_v7(),
            prepaid: true,
            kind: ServiceKind::Sip,
            expires_on: None,
            blocked: false,
            customer: None,
            active: true,
            available: Decimal::ONE_THOUSAND,
            versions: vec![(day, Uuid::now_v7())],
            drawable: Drawable::none(day),
            billing_day: 1,
            chain: Vec::new(),
            fraud: LineFraud::open(),
        }))
    }
}
