//! Money taken without the customer present: auto top-up (right after a
//! debit takes the balance under the customer's threshold), automatic
//! charges of issued invoices with retries on a schedule, and suspension
//! of accounts still unpaid after the seller's grace period.

use super::gateway;
use super::settle;
use super::stripe_api::{Metadata, OffSessionCharge, StripeFailure};
use super::to_minor;
use crate::error::AppResult;
use crate::ports::Deps;
use crate::state::AppState;
use chrono::Days;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::payments;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::format;
use ringledger_shared::i18n::tf;
use ringledger_shared::ids::{AccountId, PaymentId, SellerId, TenantId};
use ringledger_shared::locale::Locale;
use ringledger_shared::status::AccountStatus;
use ringledger_shared::status::PaymentStatus;
use ringledger_shared::status::{PaymentMethod, PaymentPurpose};
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

/// After a debit: for each `(account, balance)` whose balance fell under
/// its auto top-up threshold, charges the saved card at once (in the
/// background; the caller's response is not delayed).
pub fn after_debit(state: &AppState, tenant: TenantId, balances: Vec<(AccountId, Decimal)>) {
    if balances.is_empty() {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = top_up_low(state.deps(), tenant, &balances).await {
            tracing::warn!(error = ?e.cause, message = %e.message, "auto top-up failed");
        }
    });
}

async fn top_up_low(
    deps: Deps<'_>,
    tenant: TenantId,
    balances: &[(AccountId, Decimal)],
) -> AppResult<()> {
    let ids: Vec<AccountId> = balances.iter().map(|(a, _)| *a).collect();
    let tx = deps.repos().tenant_read(tenant).await?;
    let profiles = tx.payments().auto_top_up_profiles(&ids).await?;
    deps.mail().after_commit(tx.commit().await?);
    let balance: HashMap<AccountId, Decimal> = balances.iter().copied().collect();
    for p in profiles {
        let (Some(below), Some(amount)) = (p.auto_top_up_below, p.auto_top_up_amount) else {
            continue;
        };
        if balance.get(&p.account_id).is_some_and(|b| *b < below.0)
            && let Some(payment) = open_top_up(deps, tenant, p.account_id, amount.0).await?
        {
            charge_one(deps, tenant, payment).await?;
        }
    }
    Ok(())
}

/// Records a pending auto top-up unless one is already under way.
async fn open_top_up(
    deps: Deps<'_>,
    tenant: TenantId,
    account: AccountId,
    amount: Decimal,
) -> AppResult<Option<Uuid>> {
    let tx = deps.repos().tenant(tenant).await?;
    let Some(acc) = tx
        .customers()
        .account_for_update(AccountId(account.into()))
        .await?
    else {
        return Ok(None);
    };
    if tx
        .payments()
        .pending_payment(AccountId(account.into()), "auto_top_up")
        .await?
        .is_some()
    {
        deps.mail().after_commit(tx.commit().await?);
        return Ok(None);
    }
    let id = Uuid::now_v7();
    let now = deps.clock().now();
    tx.payments()
        .insert_payment(payments::Model {
            tenant_id: tenant.as_uuid(),
            id: PaymentId(id),
            account_id: AccountId(account.into()),
            invoice_id: None,
            purpose: PaymentPurpose::AutoTopUp,
            method: PaymentMethod::Card,
            status: PaymentStatus::Pending,
            amount: DbDecimal(amount),
            refunded: DbDecimal(Decimal::ZERO),
            currency: acc.currency,
            checkout_session_id: None,
            payment_intent_id: None,
            reference: "saved card".into(),
            failure: None,
            attempts: 0,
            // The charge job picks it up if this process dies before charging.
            next_attempt_at: Some(now),
            created_by: "auto top-up".into(),
            created_at: now,
            settled_at: None,
        })
        .await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(Some(id))
}

/// Pending automatic charges for the invoices just issued to accounts with
/// a saved card (written in the bill run's transaction).
pub fn charges_for(
    tenant: Uuid,
    invoices: &[ringledger_db::entities::invoices::Model],
    cards: &HashMap<AccountId, String>,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<payments::Model> {
    invoices
        .iter()
        .filter(|i| i.amount_due.0 > Decimal::ZERO && !i.prepaid)
        .filter_map(|i| {
            let card = cards.get(&i.account_id)?;
            Some(payments::Model {
                tenant_id: tenant,
                id: Uuid::now_v7().into(),
                account_id: i.account_id,
                invoice_id: Some(i.id),
                purpose: PaymentPurpose::AutoCharge,
                method: PaymentMethod::Card,
                status: PaymentStatus::Pending,
                amount: i.amount_due,
                refunded: DbDecimal(Decimal::ZERO),
                currency: i.currency.clone(),
                checkout_session_id: None,
                payment_intent_id: None,
                reference: card.clone(),
                failure: None,
                attempts: 0,
                next_attempt_at: Some(now),
                created_by: "bill run".into(),
                created_at: now,
                settled_at: None,
            })
        })
        .collect()
}

/// Charges every automatic payment that is due (new or to retry), across
/// tenants. Returns how many were attempted.
pub async fn charge_due(state: &AppState) -> AppResult<usize> {
    let _guard = state.charge_lock().lock().await;
    let deps = state.deps();
    let mut attempted = 0;
    loop {
        // Claimed first: another instance's pass skips these.
        let now = deps.clock().now();
        let tx = deps.repos().platform_claims().await?;
        let due = tx
            .claim_due_charges(now, now + chrono::Duration::minutes(10), 100)
            .await?;
        tx.commit().await?;
        if due.is_empty() {
            return Ok(attempted);
        }
        let n = due.len();
        for (tenant, payment) in due {
            attempted += 1;
            if let Err(e) = charge_one(deps, TenantId(tenant), payment).await {
                tracing::warn!(payment = %payment, error = ?e.cause, message = %e.message,
                    "automatic charge failed");
                // Do not spin on it: try again at the next pass.
                let tx = deps.repos().tenant(TenantId(tenant)).await?;
                if let Some(mut p) = tx.payments().payment(PaymentId(payment)).await?
                    && p.status == PaymentStatus::Pending
                {
                    p.next_attempt_at = Some(deps.clock().now() + chrono::Duration::minutes(10));
                    tx.payments().update_payment(p).await?;
                }
                deps.mail().after_commit(tx.commit().await?);
            }
        }
        if n < 100 {
            return Ok(attempted);
        }
    }
}

/// Makes the next attempt of one automatic payment.
pub async fn charge_one(deps: Deps<'_>, tenant: TenantId, payment: Uuid) -> AppResult<()> {
    let tx = deps.repos().tenant_read(tenant).await?;
    let Some(p) = tx.payments().payment(PaymentId(payment)).await? else {
        return Ok(());
    };
    if p.status != PaymentStatus::Pending {
        return Ok(());
    }
    let account = tx.customers().account(p.account_id).await?;
    let profile = tx.payments().profile(p.account_id).await?;
    let g = match &account {
        Some(a) => gateway::of_seller(deps, &tx, a.seller_id).await?,
        None => None,
    };
    deps.mail().after_commit(tx.commit().await?);
    let attempt = p.attempts + 1;
    let (Some(g), Some(profile)) = (g, profile) else {
        let tx = deps.repos().tenant(tenant).await?;
        settle::fail(
            &tx,
            deps,
            p.id,
            attempt,
            "no saved card or card payments not configured",
        )
        .await?;
        deps.mail().after_commit(tx.commit().await?);
        return Ok(());
    };
    let (Some(customer), Some(pm)) = (&profile.stripe_customer_id, &profile.payment_method_id)
    else {
        let tx = deps.repos().tenant(tenant).await?;
        settle::fail(&tx, deps, p.id, attempt, "no saved card").await?;
        deps.mail().after_commit(tx.commit().await?);
        return Ok(());
    };
    let Some(minor) = to_minor(p.amount.0, &p.currency) else {
        return Ok(());
    };
    let mut meta = Metadata::new();
    meta.insert("payment_id".into(), p.id.to_string());
    meta.insert("attempt".into(), attempt.to_string());
    let description = match p.purpose {
        PaymentPurpose::AutoTopUp => "Auto top-up".to_owned(),
        _ => "Invoice".to_owned(),
    };
    let result = g
        .api
        .charge_off_session(
            &OffSessionCharge {
                customer,
                payment_method: pm,
                amount: minor,
                currency: p.currency.to_lowercase(),
                description: &description,
                metadata: meta,
            },
            &format!("charge:{}:{attempt}", p.id),
        )
        .await;
    let tx = deps.repos().tenant(tenant).await?;
    match result {
        Ok(pi) if pi.status == "succeeded" => {
            let card = settle::CardUsed {
                customer: Some(customer.clone()),
                payment_method: pm.clone(),
                brand: profile.card_brand.clone().unwrap_or_default(),
                last4: profile.card_last4.clone().unwrap_or_default(),
            };
            let received = super::from_minor(pi.amount_received.max(pi.amount), &pi.currency);
            settle::succeed(
                &tx,
                deps,
                p.id,
                Some(received),
                Some(&pi.id),
                Some(&card),
                false,
            )
            .await?;
        }
        Ok(pi) => {
            settle::fail(&tx, deps, p.id, attempt, &format!("payment {}", pi.status)).await?;
        }
        Err(StripeFailure::Declined(m)) | Err(StripeFailure::Rejected(m)) => {
            settle::fail(&tx, deps, p.id, attempt, &m).await?;
        }
        Err(e @ StripeFailure::Unavailable(_)) => {
            deps.mail().after_commit(tx.commit().await?);
            return Err(super::failure_error(e));
        }
    }
    deps.mail().after_commit(tx.commit().await?);
    Ok(())
}

/// Suspends (`unpaid`) the active accounts of `tenant` with an invoice
/// still open past its due date plus the seller's grace days, and e-mails
/// their customers. Returns how many were suspended.
pub async fn suspend_overdue(deps: Deps<'_>, tenant: TenantId) -> AppResult<usize> {
    // Read first: this runs every minute for every tenant, and a write
    // transaction would move the tenant's write generation (reloading the
    // authorization cache) even when nothing changes.
    let today = deps.clock().now().date_naive();
    let tx = deps.repos().tenant_read(tenant).await?;
    let open = tx.payments().overdue_invoices(today).await?;
    let mut grace: HashMap<Uuid, u64> = HashMap::new();
    let mut late = Vec::new();
    for inv in open {
        let days = match grace.get(&inv.seller_id) {
            Some(d) => *d,
            None => {
                let d = tx
                    .seller(SellerId(inv.seller_id))
                    .await?
                    .map_or(14, |s| s.grace_days.max(0) as u64);
                grace.insert(inv.seller_id, d);
                d
            }
        };
        let limit = inv
            .due_on
            .checked_add_days(Days::new(days))
            .unwrap_or(inv.due_on);
        if limit < today {
            late.push(inv);
        }
    }
    let ids: Vec<_> = late.iter().map(|i| i.account_id).collect();
    let active: std::collections::HashSet<AccountId> = tx
        .usage()
        .accounts_by_ids(&ids)
        .await?
        .into_iter()
        .filter(|a| a.status == AccountStatus::Active)
        .map(|a| a.id)
        .collect();
    deps.mail().after_commit(tx.commit().await?);
    late.retain(|i| active.contains(&i.account_id));
    if late.is_empty() {
        return Ok(0);
    }

    let tx = deps.repos().tenant(tenant).await?;
    let mut suspended = 0;
    for inv in late {
        let Some(mut account) = tx.customers().account_for_update(inv.account_id).await? else {
            continue;
        };
        if account.status != AccountStatus::Active {
            continue;
        }
        account.status = AccountStatus::Unpaid;
        let account = tx.customers().update_account(account).await?;
        suspended += 1;
        if let Some(c) = tx.customers().customer(account.customer_id).await? {
            crate::webhooks::events::status_changed(
                &tx,
                &c,
                &account,
                AccountStatus::Active,
                deps.clock().now(),
            )
            .await?;
            suspended_mail(&tx, deps, &c, &inv).await?;
        }
    }
    deps.mail().after_commit(tx.commit().await?);
    Ok(suspended)
}

/// E-mails customer `c`, in its language, that its services are
/// suspended because invoice `inv` is still unpaid.
async fn suspended_mail(
    tx: &ringledger_db::repo::TenantTx,
    deps: Deps<'_>,
    c: &ringledger_db::entities::customers::Model,
    inv: &ringledger_db::entities::invoices::Model,
) -> AppResult<()> {
    let locale = match tx.seller(SellerId(inv.seller_id)).await? {
        Some(seller) => crate::services::language::of_customer(&seller, c),
        None => Locale::default(),
    };
    let number = ("number", inv.number.as_str().into());
    let unpaid = format::money(inv.amount_due.0 - inv.amount_paid.0, &inv.currency, locale);
    let body = format!(
        "{}\n\n{}\n",
        tf(locale, "common-hello", &[("name", c.name.as_str().into())]),
        tf(
            locale,
            "email-suspended-body",
            &[
                number.clone(),
                ("amount", unpaid.into()),
                ("date", format::date(inv.due_on, locale).into()),
            ],
        ),
    );
    crate::email::enqueue(
        tx,
        &format!("suspended:{}", inv.id),
        &c.email,
        &tf(locale, "email-suspended-subject", &[number]),
        &body,
        deps.clock().now(),
    )
    .await?;
    Ok(())
}

/// One pass of the payments job: due automatic charges, then suspensions
/// of accounts unpaid past grace (every active tenant), then operators
/// unpaid past the platform's grace.
pub async fn pass(state: &AppState) -> AppResult<()> {
    charge_due(state).await?;
    let deps = state.deps();
    let tx = deps.repos().platform_read().await?;
    let (tenants, _) = tx.list_tenants(0, 100_000).await?;
    tx.commit().await?;
    for t in tenants.iter().filter(|t| t.status == TenantStatus::Active) {
        suspend_overdue(deps, TenantId(t.id)).await?;
    }
    super::platform::enforce(deps).await?;
    Ok(())
}
