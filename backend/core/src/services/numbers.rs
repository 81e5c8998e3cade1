//! Phone numbers taken and given back by services, whoever asks: a visitor
//! signing up, a customer on `/account`, the seller's staff.
//!
//! Taking a number is a compare-and-set on its row (free, or reserved with
//! the presented secret), so of two requests at once one gets it. The
//! holder's account is billed the number's monthly fee (prorated) and its
//! setup fee once, each with its reseller chain's markups; every reseller
//! in between is billed the same at its parent's price on its wholesale
//! account, as it is for calls.

use super::seller_tree::{SellerTree, chain_fee};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Duration, Utc};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{
    account_services, accounts, number_assignments, one_off_charges, phone_numbers, sellers,
};
use ringledger_db::repo::{NumberMove, TenantTx};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::numbers::{
    MAX_PER_SERVICE, NumberPick, OfferedNumber, RESERVATION_MINUTES,
};
use ringledger_shared::money::minor_places;
use ringledger_shared::rating::ServiceKind;
use uuid::Uuid;

/// A new reservation's secret (handed to the visitor once) and the hash
/// stored with the number.
pub fn new_reservation() -> (String, String) {
    let secret = crate::auth::refresh::random_secret();
    let hash = crate::auth::refresh::hash_secret(&secret);
    (secret, hash)
}

/// When a reservation made at `now` ends.
pub fn reservation_end(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::minutes(RESERVATION_MINUTES)
}

/// Number `n` as a portal sells it: `resellers` are the seller's chain
/// (their markups go on the fees), `places` the currency's.
pub fn offered(
    n: &phone_numbers::Model,
    resellers: &[&sellers::Model],
    places: u32,
) -> OfferedNumber {
    OfferedNumber {
        id: n.id,
        number: n.number.clone(),
        country: n.country.clone(),
        monthly_fee: fee(chain_fee(n.monthly_fee.0, resellers, places), places),
        setup_fee: fee(chain_fee(n.setup_fee.0, resellers, places), places),
    }
}

/// A fee with the currency's places (PostgreSQL reads `numeric(20,6)`
/// back with six).
fn fee(d: rust_decimal::Decimal, places: u32) -> rust_decimal::Decimal {
    ringledger_shared::money::with_places(d.normalize(), places)
}

/// Who takes a number, for the charge rows.
pub struct Taker<'a> {
    /// The error field naming the pick (e.g. `services[0].numbers[1]`).
    pub field: String,
    /// Written as the one-off charges' author.
    pub by: &'a str,
    /// The moment.
    pub now: DateTime<Utc>,
}

fn field_error(field: &str, message: String) -> AppError {
    AppError::new(ErrorCode::ValidationFailed, format!("{field}: {message}"))
        .with_field(field.to_owned())
}

/// Gives the number `pick` names to `service` of `account`: the
/// compare-and-set, the assignment rows (the account's and each wholesale
/// level's) and the setup fees. Answers the number as it was before.
pub async fn take(
    tx: &TenantTx,
    tree: &SellerTree,
    service: &account_services::Model,
    account: &accounts::Model,
    pick: &NumberPick,
    who: &Taker<'_>,
) -> AppResult<phone_numbers::Model> {
    if !matches!(service.kind, ServiceKind::Sip | ServiceKind::Video) {
        return Err(field_error(
            &who.field,
            "a number goes to an IP phone (SIP) or video service".into(),
        ));
    }
    let number = tx
        .numbers()
        .number(pick.id)
        .await?
        .ok_or_else(|| field_error(&who.field, "no such number".into()))?;
    let held = tx.numbers().of_services(&[service.id.0]).await?;
    if held.len() >= MAX_PER_SERVICE {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!(
                "{}: a service holds at most {MAX_PER_SERVICE} numbers",
                who.field
            ),
        )
        .with_field(who.field.clone()));
    }
    let hash = pick
        .reservation
        .as_deref()
        .map(|s| crate::auth::refresh::hash_secret(s.trim()));
    let holder = (service.id.0, account.id);
    if !tx
        .numbers()
        .take_number(number.id, holder, hash.as_deref(), who.now)
        .await?
    {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!(
                "{}: +{} is no longer available; choose another number",
                who.field, number.number
            ),
        )
        .with_field(who.field.clone()));
    }
    bill(tx, tree, &number, service, account, who).await?;
    Ok(number)
}

/// Takes every number of `picks` for `service` ([`take`]); `who.field`
/// names the list (each error names its entry, e.g. `numbers[1]`).
pub async fn take_all(
    tx: &TenantTx,
    tree: &SellerTree,
    service: &account_services::Model,
    account: &accounts::Model,
    picks: &[NumberPick],
    who: &Taker<'_>,
) -> AppResult<Vec<phone_numbers::Model>> {
    let mut out = Vec::with_capacity(picks.len());
    for (j, pick) in picks.iter().enumerate() {
        let one = Taker {
            field: format!("{}[{j}]", who.field),
            by: who.by,
            now: who.now,
        };
        out.push(take(tx, tree, service, account, pick, &one).await?);
    }
    Ok(out)
}

/// The assignment rows and setup fees of `number` taken by `service`.
async fn bill(
    tx: &TenantTx,
    tree: &SellerTree,
    number: &phone_numbers::Model,
    service: &account_services::Model,
    account: &accounts::Model,
    who: &Taker<'_>,
) -> AppResult<()> {
    let places = minor_places(&account.currency);
    // The holder, then each reseller above it on its wholesale account
    // (priced by the chain above that reseller).
    let mut payers = vec![(account.id, account.seller_id, false)];
    for r in tree.resellers_of(account.seller_id) {
        if let (Some(wholesale), Some(parent)) = (r.wholesale_account_id, r.parent_id) {
            payers.push((wholesale, parent, true));
        }
    }
    for (payer, priced_by, wholesale) in payers {
        tx.numbers()
            .insert_assignment(number_assignments::Model {
                tenant_id: account.tenant_id,
                id: Uuid::now_v7(),
                number_id: number.id,
                number: number.number.clone(),
                account_id: payer,
                service_id: service.id,
                monthly_fee: number.monthly_fee,
                started_at: who.now,
                ended_at: None,
            })
            .await?;
        let setup = chain_fee(number.setup_fee.0, &tree.resellers_of(priced_by), places);
        if setup.is_zero() {
            continue;
        }
        tx.billing()
            .insert_one_off(one_off_charges::Model {
                tenant_id: account.tenant_id,
                id: Uuid::now_v7(),
                account_id: payer,
                description: if wholesale {
                    format!("Setup of number +{} (wholesale)", number.number)
                } else {
                    format!("Setup of number +{}", number.number)
                },
                amount: DbDecimal(setup),
                invoice_id: None,
                created_by: who.by.to_owned(),
                created_at: who.now,
            })
            .await?;
    }
    Ok(())
}

/// Releases `number` from its service into quarantine for `days`: billed
/// until `now`, offered again after. Answers whether it moved (it may have
/// changed meanwhile).
pub async fn give_back(
    tx: &TenantTx,
    number: &phone_numbers::Model,
    days: u32,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let m = NumberMove {
        from: number.status.as_str(),
        to: "quarantined",
        holder: None,
        quarantined_until: Some(now + Duration::days(i64::from(days))),
    };
    let done = tx.numbers().move_number(number.id, &m, now).await?;
    if done {
        tx.numbers().end_assignment(number.id, now).await?;
    }
    Ok(done)
}
