//! Assembling a customer with its account and services for the API.

use crate::auth::secret_box::Binding;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::error::{AppError, AppResult};
use crate::views::bundle_view;
use ringledger_db::entities::{accounts, bundle_allowances, customers};
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::customers::{
    AccountView, AllowanceLeft, CustomerView, ServiceView, SubscriptionView,
};
use ringledger_shared::api::numbers::{HeldNumber, NumberStatus};
use std::collections::HashMap;
use uuid::Uuid;

/// Whether secrets (PINs, SIP passwords) are included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrets {
    /// Shown (sign-up answer, reveal, switch).
    Reveal,
    /// Left out.
    Hide,
}

/// An account row as the API shows it.
pub fn account_view(a: &accounts::Model) -> AccountView {
    AccountView {
        id: a.id.into(),
        kind: a.kind.to_string(),
        currency: a.currency.clone(),
        balance: a.balance.0.normalize(),
        credit_limit: a.credit_limit.0.normalize(),
        billing_day: a.billing_day.max(1) as u32,
        status: a.status.to_string(),
        low_balance_threshold: a.low_balance_threshold.map(|t| t.0.normalize()),
        itemized_invoices: a.itemized_invoices,
    }
}

/// A customer with its account and every service and identifier.
pub async fn load(
    vault: &SecretBox,
    clock: &dyn Clock,
    tx: &TenantTx,
    customer: &customers::Model,
    secrets: Secrets,
) -> AppResult<CustomerView> {
    load_many(vault, clock, tx, std::slice::from_ref(customer), secrets)
        .await?
        .pop()
        .ok_or_else(|| {
            AppError::internal(anyhow::anyhow!("customer {} has no account", customer.id))
        })
}

/// What is left this period of each allowance of subscription `sub`.
async fn allowances_left(
    tx: &TenantTx,
    sub: Uuid,
    allowances: &[bundle_allowances::Model],
    period: chrono::NaiveDate,
    names: &HashMap<Uuid, String>,
) -> AppResult<Vec<AllowanceLeft>> {
    let mut left = Vec::with_capacity(allowances.len());
    for a in allowances {
        let included = a.minutes.max(0) as u64 * 60;
        let used = tx
            .customers()
            .allowance_used(sub, a.id, period)
            .await?
            .max(0) as u64;
        left.push(AllowanceLeft {
            allowance_id: a.id,
            group_name: names.get(&a.group_id).cloned().unwrap_or_default(),
            included_secs: included,
            remaining_secs: included.saturating_sub(used),
        });
    }
    Ok(left)
}

/// queries whatever their count (a page of the customer list).
/// Several customers at once, in the given order, with a fixed number of
pub async fn load_many(
    vault: &SecretBox,
    clock: &dyn Clock,
    tx: &TenantTx,
    customers: &[customers::Model],
    secrets: Secrets,
) -> AppResult<Vec<CustomerView>> {
    let ids: Vec<_> = customers.iter().map(|c| c.id).collect();
    let accounts = tx.customers().accounts_of(&ids).await?;
    let account_ids: Vec<_> = accounts.iter().map(|a| a.id).collect();
    let services = tx.customers().services_of(&account_ids).await?;
    let cards = tx.customers().cards_of(&account_ids).await?;
    let anis = tx.customers().anis_of(&account_ids).await?;
    let sips = tx.customers().sips_of(&account_ids).await?;
    let subscriptions = tx.customers().subscriptions_of(&account_ids).await?;
    let (bundles, names) = if subscriptions.is_empty() {
        (Vec::new(), Default::default())
    } else {
        (
            tx.catalog().list_bundles().await?,
            tx.catalog().group_names().await?,
        )
    };
    let tree = super::seller_tree::SellerTree::load(tx).await?;
    let held = {
        let ids: Vec<uuid::Uuid> = sips.iter().map(|x| x.service_id.as_uuid()).collect();
        tx.numbers().of_services(&ids).await?
    };

    let mut out = Vec::with_capacity(customers.len());
    for customer in customers {
        let account = accounts
            .iter()
            .find(|a| a.customer_id == customer.id)
            .ok_or_else(|| {
                AppError::internal(anyhow::anyhow!("customer {} has no account", customer.id))
            })?;
        let mut views = Vec::new();
        for s in services.iter().filter(|s| s.account_id == account.id) {
            let kind = s.kind;
            let card = cards.iter().find(|c| c.service_id == Some(s.id));
            let sip = sips.iter().find(|x| x.service_id == s.id);
            let password = match (sip, secrets) {
                (Some(x), Secrets::Reveal) => {
                    let row = Binding::sip(x.tenant_id, x.service_id.as_uuid());
                    Some(
                        vault
                            .open(&x.secret_enc, &row)
                            .map_err(AppError::internal)?,
                    )
                }
                _ => None,
            };
            views.push(ServiceView {
                id: s.id.into(),
                kind,
                status: s.status.to_string(),
                plan_id: s.plan_id.map(Into::into),
                bundle_subscription_id: s.bundle_subscription_id,
                serial: card.map(|c| c.serial.clone()),
                pin: card
                    .filter(|_| secrets == Secrets::Reveal)
                    .map(|c| c.pin.clone()),
                anis: anis
                    .iter()
                    .filter(|a| a.service_id == s.id)
                    .map(|a| format!("+{}", a.number))
                    .collect(),
                username: sip.map(|x| x.username.clone()),
                password,
                numbers: held
                    .iter()
                    .filter(|n| n.service_id == Some(s.id.as_uuid()))
                    .filter_map(|n| {
                        let status = NumberStatus::parse(&n.status).filter(|st| {
                            matches!(st, NumberStatus::Assigned | NumberStatus::PortingOut)
                        })?;
                        Some(HeldNumber {
                            id: n.id,
                            number: n.number.clone(),
                            status,
                        })
                    })
                    .collect(),
            });
        }
        let mut subs = Vec::new();
        for sub in subscriptions.iter().filter(|s| s.account_id == account.id) {
            let Some((b, kinds, allowances)) =
                bundles.iter().find(|(b, _, _)| b.id == sub.bundle_id)
            else {
                continue;
            };
            let period = super::allowances::period_start(
                clock.now().date_naive(),
                account.billing_day.max(1) as u32,
            );
            let left = allowances_left(tx, sub.id, allowances, period, &names).await?;
            // A reseller's customer sees the fee it pays (with the chain's markups).
            let mut bundle = bundle_view(b, kinds, allowances, &names);
            bundle.monthly_fee = super::seller_tree::chain_fee(
                bundle.monthly_fee,
                &tree.resellers_of(customer.seller_id),
                ringledger_shared::money::minor_places(&account.currency),
            )
            .normalize();
            subs.push(SubscriptionView {
                id: sub.id,
                bundle,
                status: sub.status.to_string(),
                started_at: sub.started_at,
                allowances_left: left,
            });
        }
        out.push(CustomerView {
            id: customer.id.into(),
            name: customer.name.clone(),
            email: customer.email.clone(),
            status: customer.status.to_string(),
            email_verified: customer.email_verified_at.is_some(),
            created_at: customer.created_at,
            account: account_view(account),
            services: views,
            bundles: subs,
            seller_id: Some(customer.seller_id),
            seller_name: tree
                .get(customer.seller_id)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            locale: tree
                .get(customer.seller_id)
                .map(|s| super::language::of_customer(s, customer))
                .unwrap_or_default(),
        });
    }
    Ok(out)
}
