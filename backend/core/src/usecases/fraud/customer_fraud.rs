//! One customer's fraud control as staff see and set it: its own limits,
//! whether it may call high-risk prefixes, the countries it may call, the
//! limits in force, and its services fraud control suspended.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::services::fraud::rules;
use crate::services::seller_tree::SellerTree;
use crate::usecases::customers::staff_customer;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::repo::{Repos, TenantTx};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::fraud::{CustomerFraud, CustomerFraudView, FraudSuspension};
use ringledger_shared::ids::CustomerId;
use ringledger_shared::money::{round_half_away, with_places};
use rust_decimal::Decimal;
use uuid::Uuid;

/// A stored amount with 4 decimals (as every amount of the API).
fn four(d: Option<DbDecimal>) -> Decimal {
    with_places(round_half_away(d.map(|d| d.0).unwrap_or_default(), 4), 4)
}

/// The view of `customer` (of `seller`, on `account`).
async fn view(
    tx: &TenantTx,
    customer: Uuid,
    seller: Uuid,
    account: ringledger_shared::ids::AccountId,
) -> Result<CustomerFraudView, AppError> {
    let tree = SellerTree::load(tx).await?;
    let up: Vec<Uuid> = tree.path(seller).iter().rev().map(|s| s.id).collect();
    let applied = rules::applied(tx, &up, customer).await?;
    let services: Vec<Uuid> = tx
        .customers()
        .services_of(&[account])
        .await?
        .into_iter()
        .map(|s| s.id.into())
        .collect();
    let suspensions = tx
        .fraud()
        .meters_of(&services)
        .await?
        .into_iter()
        .filter_map(|m| {
            Some(FraudSuspension {
                service_id: m.subject_id,
                suspended_at: m.suspended_at?,
                hour_spend: four(m.suspended_spend),
                usual_hourly: four(m.suspended_usual),
            })
        })
        .collect();
    Ok(CustomerFraudView {
        effective: applied.limits,
        own: applied.own,
        suspensions,
    })
}

/// Customer `id`'s fraud control.
pub async fn customer_fraud(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: CustomerId,
) -> Result<CustomerFraudView, AppError> {
    let tx = StaffTx::open_read(repos, staff).await?;
    let (customer, account) = staff_customer(&tx, id).await?;
    let out = view(&tx, customer.id.into(), account.seller_id, account.id).await?;
    tx.commit().await?;
    Ok(out)
}

/// Sets customer `id`'s own rules (audited); answers its fraud control.
pub async fn set_customer_fraud(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: CustomerId,
    request: CustomerFraud,
) -> Result<CustomerFraudView, AppError> {
    let request = request.parse().map_err(AppError::from_fields)?;
    let tx = StaffTx::open(repos, staff).await?;
    let (customer, account) = staff_customer(&tx, id).await?;
    let before = rules::applied(&tx, &[], customer.id.into()).await?.own;
    // High-risk destinations are the operator's to allow: a reseller may
    // only take the permission away.
    if request.allow_high_risk && !before.allow_high_risk && !tx.scope().is_operator {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "only the operator allows calls to high-risk prefixes",
        ));
    }
    rules::save(&tx, customer.id.into(), &request, staff.origin.at).await?;
    let event = Event::new("customer.fraud_changed", "customer", customer.id)
        .customer(id)
        .changes(Changes::diff(&before, &request));
    audit::by_staff(&tx, staff, event).await?;
    let out = view(&tx, customer.id.into(), account.seller_id, account.id).await?;
    tx.commit().await?;
    Ok(out)
}
