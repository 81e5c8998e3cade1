//! Customers pay with Stripe Checkout (card data never reaches us): an
//! invoice, a top-up, or only saving a card. A payment row is written
//! before the session is created (its id is the idempotency key and rides
//! in the session's metadata; the session's id is stored on it), and is
//! credited when the customer comes back (`confirm`) or the webhook
//! arrives, whichever is first — both only after the session, re-read from
//! the seller's Stripe account, matches the row ([`settle_paid_session`]).

use super::gateway::{self, Gateway};
use super::settle::{self, card_of};
use super::stripe_api::{CheckoutSession, Metadata, PaymentCheckout, PaymentIntent, SetupCheckout};
use super::{failure_error, found, same_currency, to_minor};
use crate::auth::principal::CustomerPrincipal;
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use crate::services::my_account::{account_unavailable, my_account};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{accounts, customers, payments};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::payments::{CheckoutRequest, CheckoutResult, CheckoutView};
use ringledger_shared::ids::{AccountId, InvoiceId, PaymentId, TenantId};
use ringledger_shared::money::Currency;
use ringledger_shared::status::AccountStatus;
use ringledger_shared::status::{InvoiceStatus, PaymentStatus};
use ringledger_shared::status::{PaymentMethod, PaymentPurpose};
use ringledger_shared::validate;
use rust_decimal::Decimal;
use uuid::Uuid;

/// What a checkout pays.
enum Purpose {
    Invoice { id: Uuid, number: String },
    TopUp,
}

/// The address of the customer's seller's portal.
async fn portal(deps: Deps<'_>, tx: &TenantTx, me: &CustomerPrincipal) -> AppResult<String> {
    let (Some(t), Some(s)) = (tx.tenant().await?, tx.seller(me.seller_id).await?) else {
        return Ok(String::new());
    };
    Ok(deps.urls().seller_portal_url(&t.slug, &s))
}

/// The account's Stripe customer, created on first use.
async fn stripe_customer(
    deps: Deps<'_>,
    me: &CustomerPrincipal,
    g: &Gateway,
    customer: &customers::Model,
    account: &accounts::Model,
) -> AppResult<String> {
    let tx = deps.repos().tenant_read(me.tenant_id).await?;
    let existing = tx
        .payments()
        .profile(account.id)
        .await?
        .and_then(|p| p.stripe_customer_id);
    deps.mail().after_commit(tx.commit().await?);
    if let Some(id) = existing {
        return Ok(id);
    }
    let mut meta = Metadata::new();
    meta.insert("account_id".into(), account.id.to_string());
    meta.insert("tenant_id".into(), me.tenant_id.as_uuid().to_string());
    let created = g
        .api
        .create_customer(
            &customer.email,
            &customer.name,
            &meta,
            &format!("customer:{}", account.id),
        )
        .await
        .map_err(failure_error)?;
    let tx = deps.repos().tenant(me.tenant_id).await?;
    let mut profile = tx
        .payments()
        .profile(account.id)
        .await?
        .unwrap_or_else(|| settle::empty_profile(&tx, account.id.into(), deps));
    profile.stripe_customer_id = Some(created.id.clone());
    profile.updated_at = deps.clock().now();
    tx.payments().save_profile(profile).await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(created.id)
}

/// Starts paying an open invoice of the calling customer.
pub async fn pay_invoice(
    deps: Deps<'_>,
    me: &CustomerPrincipal,
    invoice: Uuid,
    req: &CheckoutRequest,
) -> AppResult<CheckoutView> {
    let tx = deps.repos().tenant_read(me.tenant_id).await?;
    let (_, account) = my_account(&tx, me).await?;
    let inv = tx
        .billing()
        .invoice(InvoiceId(invoice))
        .await?
        .filter(|i| i.account_id == account.id)
        .ok_or_else(|| AppError::not_found("invoice"))?;
    deps.mail().after_commit(tx.commit().await?);
    let left = inv.amount_due.0 - inv.amount_paid.0;
    if inv.status != InvoiceStatus::Open || left <= Decimal::ZERO {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("invoice {} is {}: nothing to pay", inv.number, inv.status),
        ));
    }
    start(
        deps,
        me,
        left,
        Purpose::Invoice {
            id: inv.id.into(),
            number: inv.number,
        },
        req.save_card,
    )
    .await
}

/// Starts a top-up of the calling customer's balance.
pub async fn top_up(
    deps: Deps<'_>,
    me: &CustomerPrincipal,
    req: &CheckoutRequest,
) -> AppResult<CheckoutView> {
    let tx = deps.repos().tenant_read(me.tenant_id).await?;
    let (_, account) = my_account(&tx, me).await?;
    deps.mail().after_commit(tx.commit().await?);
    let currency = Currency::parse(&account.currency).unwrap_or(Currency::USD);
    let amount =
        validate::positive_amount("amount", req.amount.as_deref().unwrap_or(""), currency)?;
    if amount > Decimal::from(10_000) {
        return Err(AppError::from(ringledger_shared::error::FieldError::new(
            "amount",
            "at most 10000 at a time",
        )));
    }
    start(deps, me, amount, Purpose::TopUp, req.save_card).await
}

async fn start(
    deps: Deps<'_>,
    me: &CustomerPrincipal,
    amount: Decimal,
    purpose: Purpose,
    save_card: bool,
) -> AppResult<CheckoutView> {
    let tx = deps.repos().tenant_read(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    let g = gateway::require(deps, &tx, me.seller_id.as_uuid()).await?;
    let portal = portal(deps, &tx, me).await?;
    deps.mail().after_commit(tx.commit().await?);
    if account.status == AccountStatus::Closed {
        return Err(account_unavailable());
    }
    let minor = to_minor(amount, &account.currency)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("amount out of range")))?;
    let stripe_customer = stripe_customer(deps, me, &g, &customer, &account).await?;

    let payment_id = Uuid::now_v7();
    let (invoice_id, description, back) = match &purpose {
        Purpose::Invoice { id, number } => (
            Some(*id),
            format!("Invoice {number}"),
            format!("{portal}/account/invoices/{id}"),
        ),
        Purpose::TopUp => (
            None,
            "Balance top-up".to_owned(),
            format!("{portal}/account"),
        ),
    };
    let tx = deps.repos().tenant(me.tenant_id).await?;
    tx.payments()
        .insert_payment(payments::Model {
            tenant_id: me.tenant_id.as_uuid(),
            id: PaymentId(payment_id),
            account_id: account.id,
            invoice_id: invoice_id.map(InvoiceId),
            purpose: match purpose {
                Purpose::Invoice { .. } => PaymentPurpose::Invoice,
                Purpose::TopUp => PaymentPurpose::TopUp,
            },
            method: PaymentMethod::Card,
            status: PaymentStatus::Pending,
            amount: DbDecimal(amount),
            refunded: DbDecimal(Decimal::ZERO),
            currency: account.currency.clone(),
            checkout_session_id: None,
            payment_intent_id: None,
            reference: "Stripe Checkout".into(),
            failure: None,
            attempts: 0,
            next_attempt_at: None,
            created_by: customer.email.chars().take(100).collect(),
            created_at: deps.clock().now(),
            settled_at: None,
        })
        .await?;
    deps.mail().after_commit(tx.commit().await?);

    let mut meta = Metadata::new();
    meta.insert("payment_id".into(), payment_id.to_string());
    meta.insert("account_id".into(), account.id.to_string());
    let success = format!("{back}?checkout={{CHECKOUT_SESSION_ID}}");
    let cancel = format!("{back}?checkout=canceled");
    let session = g
        .api
        .payment_checkout(
            &PaymentCheckout {
                customer: &stripe_customer,
                amount: minor,
                currency: account.currency.to_lowercase(),
                description: &description,
                save_card,
                success_url: &success,
                cancel_url: &cancel,
                metadata: meta,
            },
            &format!("checkout:{payment_id}"),
        )
        .await;
    let tx = deps.repos().tenant(me.tenant_id).await?;
    let mut p = tx
        .payments()
        .payment(PaymentId(payment_id))
        .await?
        .ok_or_else(|| AppError::not_found("payment"))?;
    match session {
        Ok(s) => {
            p.checkout_session_id = Some(s.id.chars().take(128).collect());
            tx.payments().update_payment(p).await?;
            deps.mail().after_commit(tx.commit().await?);
            let url = s.url.filter(|u| !u.is_empty()).ok_or_else(|| {
                AppError::internal(anyhow::anyhow!("Stripe returned a session without a URL"))
            })?;
            Ok(CheckoutView {
                payment_id: Some(payment_id),
                url,
            })
        }
        Err(e) => {
            p.status = PaymentStatus::Canceled;
            p.failure = Some(e.to_string().chars().take(300).collect());
            tx.payments().update_payment(p).await?;
            deps.mail().after_commit(tx.commit().await?);
            Err(failure_error(e))
        }
    }
}

/// Starts saving a card without paying (Checkout in setup mode).
pub async fn save_card(deps: Deps<'_>, me: &CustomerPrincipal) -> AppResult<CheckoutView> {
    let tx = deps.repos().tenant_read(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    let g = gateway::require(deps, &tx, me.seller_id.as_uuid()).await?;
    let portal = portal(deps, &tx, me).await?;
    deps.mail().after_commit(tx.commit().await?);
    let stripe_customer = stripe_customer(deps, me, &g, &customer, &account).await?;
    let mut meta = Metadata::new();
    meta.insert("account_id".into(), account.id.to_string());
    let back = format!("{portal}/account");
    let session = g
        .api
        .setup_checkout(
            &SetupCheckout {
                customer: &stripe_customer,
                currency: &account.currency.to_lowercase(),
                success_url: &format!("{back}?checkout={{CHECKOUT_SESSION_ID}}"),
                cancel_url: &format!("{back}?checkout=canceled"),
                metadata: &meta,
            },
            &format!("setup:{}", Uuid::now_v7()),
        )
        .await
        .map_err(failure_error)?;
    Ok(CheckoutView {
        payment_id: None,
        url: session.url.unwrap_or_default(),
    })
}

/// What a Stripe object, re-read from a seller's Stripe account, did to one
/// of our payments or saved cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It matched our row and was applied (now or earlier: every effect is
    /// idempotent).
    Applied,
    /// It is ours and matches, but is not paid (or complete) yet.
    NotYet,
    /// Not one of ours for this seller, or it does not match our row:
    /// nothing was done.
    Refused,
}

/// Logs why a Stripe object was not applied and answers [`Verdict::Refused`].
pub fn refuse(object: &str, why: &str) -> Verdict {
    tracing::warn!(
        stripe_object = object,
        reason = why,
        "a Stripe object does not match our records: ignored"
    );
    Verdict::Refused
}

/// Why a paid Checkout Session (and its PaymentIntent) does not pay our
/// payment row `p`, if it does not: the session must be the one we created
/// for `p`, carry `p`'s id, and be for exactly `p`'s amount and currency,
/// and so must its succeeded PaymentIntent.
fn session_mismatch(
    p: &payments::Model,
    s: &CheckoutSession,
    pi: &PaymentIntent,
) -> Option<String> {
    let Some(expected) = to_minor(p.amount.0, &p.currency) else {
        return Some(format!("payment {} has an amount out of range", p.id));
    };
    let id = p.id.to_string();
    if p.method != PaymentMethod::Card
        || !matches!(p.purpose, PaymentPurpose::Invoice | PaymentPurpose::TopUp)
    {
        return Some(format!("payment {} is not paid through Checkout", p.id));
    }
    if p.checkout_session_id.as_deref() != Some(s.id.as_str()) {
        return Some(format!("not the session created for payment {}", p.id));
    }
    if s.mode != "payment" || s.metadata.get("payment_id") != Some(&id) {
        return Some(format!("not a payment session of payment {}", p.id));
    }
    if s.amount_total != Some(expected)
        || !same_currency(s.currency.as_deref().unwrap_or_default(), &p.currency)
    {
        return Some(format!(
            "session of {:?} {:?}, payment {} of {expected} {}",
            s.amount_total, s.currency, p.id, p.currency
        ));
    }
    if s.payment_intent.as_deref() != Some(pi.id.as_str()) {
        return Some(format!("PaymentIntent {} is not the session's", pi.id));
    }
    if pi.status != "succeeded"
        || pi.amount != expected
        || pi.amount_received != expected
        || !same_currency(&pi.currency, &p.currency)
        || pi.metadata.get("payment_id") != Some(&id)
    {
        return Some(format!(
            "PaymentIntent {} ({}, {} of {} {}) does not pay payment {} of {expected} {}",
            pi.id, pi.status, pi.amount_received, pi.amount, pi.currency, p.id, p.currency
        ));
    }
    if p.payment_intent_id
        .as_deref()
        .is_some_and(|ours| ours != pi.id)
    {
        return Some(format!(
            "payment {} was paid by another PaymentIntent",
            p.id
        ));
    }
    None
}

/// Credits our payment of a Checkout Session in payment mode (shared by the
/// redirect and the webhook; credits once). `session` must have been read
/// from the seller's Stripe account just now through `g.api`, never taken
/// from an event. The payment is the one that stored this session's id when
/// it was created; its account must be a customer of `g`'s seller; the
/// session and its PaymentIntent (`intent`, when the caller was told of one)
/// must be paid, for exactly our row's amount and currency. Exactly our
/// row's amount is credited; anything else is refused and logged.
pub async fn settle_paid_session(
    deps: Deps<'_>,
    g: &Gateway,
    tenant: TenantId,
    session: &CheckoutSession,
    intent: Option<&str>,
) -> AppResult<Verdict> {
    let tx = deps.repos().tenant_read(tenant).await?;
    let payment = tx.payments().payment_by_session(&session.id).await?;
    let account = match &payment {
        Some(p) => tx.customers().account(p.account_id).await?,
        None => None,
    };
    deps.mail().after_commit(tx.commit().await?);
    let Some(p) = payment else {
        return Ok(match session.metadata.get("payment_id") {
            Some(claimed) => refuse(
                &session.id,
                &format!("not the session created for payment {claimed}"),
            ),
            // The seller's Stripe account has other business: not ours.
            None => Verdict::Refused,
        });
    };
    if account.is_none_or(|a| a.seller_id != g.row.seller_id) {
        return Ok(refuse(
            &session.id,
            &format!("payment {} is not of this seller", p.id),
        ));
    }
    if session.mode != "payment" {
        return Ok(refuse(&session.id, "not in payment mode"));
    }
    if session.payment_status != "paid" {
        return Ok(Verdict::NotYet);
    }
    let Some(pi) = session.payment_intent.as_deref() else {
        return Ok(refuse(&session.id, "paid without a PaymentIntent"));
    };
    if intent.is_some_and(|i| i != pi) {
        return Ok(refuse(
            &session.id,
            &format!("paid by {pi}, not by {}", intent.unwrap_or_default()),
        ));
    }
    let Some(pi) = found(g.api.payment_intent(pi).await)? else {
        return Ok(refuse(&session.id, "its PaymentIntent cannot be read"));
    };
    if let Some(why) = session_mismatch(&p, session, &pi) {
        return Ok(refuse(&session.id, &why));
    }
    let save = pi.setup_future_usage.is_some();
    let card = card_of(
        g.api.as_ref(),
        pi.payment_method.as_deref(),
        pi.customer.as_deref(),
    )
    .await;
    let tx = deps.repos().tenant(tenant).await?;
    settle::succeed(
        &tx,
        deps,
        p.id,
        Some(p.amount.0),
        Some(&pi.id),
        card.as_ref(),
        save,
    )
    .await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(Verdict::Applied)
}

/// Saves the card of a Checkout Session in setup mode (shared by the
/// redirect and the webhook). `session` must have been read from the
/// seller's Stripe account just now through `g.api`. It is accepted only
/// for the account named in its metadata when that account is a customer
/// of `g`'s seller and the session and its SetupIntent belong to the Stripe
/// customer we created for that account.
pub async fn save_session_card(
    deps: Deps<'_>,
    g: &Gateway,
    tenant: TenantId,
    session: &CheckoutSession,
) -> AppResult<Verdict> {
    if session.mode != "setup" {
        return Ok(refuse(&session.id, "not in setup mode"));
    }
    let Some(account) = session
        .metadata
        .get("account_id")
        .and_then(|a| a.parse::<Uuid>().ok())
    else {
        // Not one of ours.
        return Ok(Verdict::Refused);
    };
    let tx = deps.repos().tenant_read(tenant).await?;
    let acc = tx.customers().account(AccountId(account)).await?;
    let profile = tx.payments().profile(AccountId(account)).await?;
    deps.mail().after_commit(tx.commit().await?);
    if acc.is_none_or(|a| a.seller_id != g.row.seller_id) {
        return Ok(refuse(
            &session.id,
            &format!("account {account} is not of this seller"),
        ));
    }
    let ours = profile.and_then(|p| p.stripe_customer_id);
    if ours.is_none() || session.customer != ours {
        return Ok(refuse(
            &session.id,
            &format!("not for the Stripe customer of account {account}"),
        ));
    }
    if session.status.as_deref() != Some("complete") {
        return Ok(Verdict::NotYet);
    }
    let Some(si) = &session.setup_intent else {
        return Ok(refuse(&session.id, "complete without a SetupIntent"));
    };
    let Some(si) = found(g.api.setup_intent(si).await)? else {
        return Ok(refuse(&session.id, "its SetupIntent cannot be read"));
    };
    if si.status != "succeeded" || si.customer != ours {
        return Ok(refuse(
            &session.id,
            &format!(
                "SetupIntent {} is not a succeeded one of the account's customer",
                si.id
            ),
        ));
    }
    let Some(card) = card_of(
        g.api.as_ref(),
        si.payment_method.as_deref(),
        si.customer.as_deref(),
    )
    .await
    else {
        return Ok(Verdict::NotYet);
    };
    let tx = deps.repos().tenant(tenant).await?;
    settle::save_card(&tx, deps, account, &card).await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(Verdict::Applied)
}

/// The customer is back from Checkout: read the session from Stripe and
/// credit the payment (or save the card) if it went through and matches
/// our row (see [`settle_paid_session`] and [`save_session_card`]).
pub async fn confirm(
    deps: Deps<'_>,
    me: &CustomerPrincipal,
    session_id: &str,
) -> AppResult<CheckoutResult> {
    let tx = deps.repos().tenant_read(me.tenant_id).await?;
    let (_, account) = my_account(&tx, me).await?;
    let g = gateway::require(deps, &tx, me.seller_id.as_uuid()).await?;
    let payment = tx.payments().payment_by_session(session_id).await?;
    deps.mail().after_commit(tx.commit().await?);
    if let Some(p) = &payment
        && p.account_id != account.id
    {
        return Err(AppError::not_found("checkout session"));
    }
    let session = g
        .api
        .checkout_session(session_id)
        .await
        .map_err(|e| match e {
            super::stripe_api::StripeFailure::Rejected(_) => {
                AppError::not_found("checkout session")
            }
            other => failure_error(other),
        })?;
    if session.metadata.get("account_id") != Some(&account.id.to_string()) {
        return Err(AppError::not_found("checkout session"));
    }
    if session.mode == "setup" {
        let status = match save_session_card(deps, &g, me.tenant_id, &session).await? {
            Verdict::Applied => PaymentStatus::Succeeded.as_str(),
            Verdict::NotYet => PaymentStatus::Pending.as_str(),
            Verdict::Refused => return Err(AppError::not_found("checkout session")),
        };
        return Ok(CheckoutResult {
            status: status.into(),
            payment: None,
        });
    }
    let Some(payment) = payment else {
        return Err(AppError::not_found("checkout session"));
    };
    // A refused session leaves the payment as it is; its status answers.
    settle_paid_session(deps, &g, me.tenant_id, &session, None).await?;
    let tx = deps.repos().tenant_read(me.tenant_id).await?;
    let p = tx
        .payments()
        .payment(payment.id)
        .await?
        .ok_or_else(|| AppError::not_found("payment"))?;
    let refunds = tx.payments().refunds_of(&[p.id]).await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(CheckoutResult {
        status: p.status.to_string(),
        payment: Some(super::views::payment_view(&p, &refunds, None)),
    })
}
