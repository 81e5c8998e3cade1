//! Where money moves: a payment succeeds (credited once), fails (retried on
//! a schedule or given up), or is refunded. Each step locks the account
//! first, then re-reads the payment, so concurrent paths (the redirect, the
//! webhook, the charge job) serialise and only the first one acts.

use super::card_label;
use super::stripe_api::StripeClient;
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use crate::services::ledger::{self, Details};
use crate::webhooks;
use chrono::{Days, Duration};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{accounts, payment_profiles, payments, refunds};
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::webhooks::WebhookEventType;
use ringledger_shared::format;
use ringledger_shared::i18n::{t, tf};
use ringledger_shared::ids::{AccountId, PaymentId, SellerId};
use ringledger_shared::ledger::{Book, JournalKind};
use ringledger_shared::locale::Locale;
use ringledger_shared::status::AccountStatus;
use ringledger_shared::status::{InvoiceStatus, PaymentStatus, RefundStatus};
use ringledger_shared::status::{PaymentMethod, PaymentPurpose};
use rust_decimal::Decimal;
use uuid::Uuid;

/// The card a payment used (for display, and to save it).
#[derive(Debug, Clone, Default)]
pub struct CardUsed {
    /// The Stripe customer.
    pub customer: Option<String>,
    /// The PaymentMethod id.
    pub payment_method: String,
    /// `visa`.
    pub brand: String,
    /// `4242`.
    pub last4: String,
}

/// Saves `card` as the account's card (idempotent).
pub async fn save_card(
    tx: &TenantTx,
    deps: Deps<'_>,
    account: Uuid,
    card: &CardUsed,
) -> AppResult<()> {
    let mut profile = tx
        .payments()
        .profile(AccountId(account))
        .await?
        .unwrap_or_else(|| empty_profile(tx, account, deps));
    if profile.payment_method_id.as_deref() == Some(card.payment_method.as_str()) {
        return Ok(());
    }
    if card.customer.is_some() {
        profile.stripe_customer_id = card.customer.clone();
    }
    profile.payment_method_id = Some(card.payment_method.chars().take(64).collect());
    profile.card_brand = Some(card.brand.chars().take(32).collect());
    profile.card_last4 = Some(card.last4.chars().take(4).collect());
    profile.updated_at = deps.clock().now();
    tx.payments().save_profile(profile).await?;
    Ok(())
}

/// A profile with nothing saved yet.
pub fn empty_profile(tx: &TenantTx, account: Uuid, deps: Deps<'_>) -> payment_profiles::Model {
    payment_profiles::Model {
        tenant_id: tx.tenant_id().as_uuid(),
        account_id: AccountId(account),
        stripe_customer_id: None,
        payment_method_id: None,
        card_brand: None,
        card_last4: None,
        auto_top_up: false,
        auto_top_up_below: None,
        auto_top_up_amount: None,
        updated_at: deps.clock().now(),
    }
}

/// Locks the payment's account and re-reads the payment under that lock.
async fn lock(tx: &TenantTx, payment: PaymentId) -> AppResult<(accounts::Model, payments::Model)> {
    let p = tx
        .payments()
        .payment(payment)
        .await?
        .ok_or_else(|| AppError::not_found("payment"))?;
    let account = tx
        .customers()
        .account_for_update(p.account_id)
        .await?
        .ok_or_else(|| AppError::not_found("account"))?;
    let p = tx
        .payments()
        .payment(payment)
        .await?
        .ok_or_else(|| AppError::not_found("payment"))?;
    Ok((account, p))
}

/// Posts one journal between the account and `book` and returns the
/// account as it now stands.
#[allow(clippy::too_many_arguments)]
async fn post(
    tx: &TenantTx,
    deps: Deps<'_>,
    account: accounts::Model,
    amount: Decimal,
    kind: JournalKind,
    book: Book,
    key: String,
    cause: (&'static str, Uuid),
    reason: String,
    actor: &str,
) -> AppResult<accounts::Model> {
    let journal = ledger::transfer(kind, &account, book, amount, key, deps.clock().now())
        .memo(reason)
        .actor(actor)
        .cause(cause.0, cause.1);
    ledger::post(tx, journal).await?;
    Ok(tx.customers().account(account.id).await?.unwrap_or(account))
}

/// The book a payment's money arrives in.
fn arrives_in(p: &payments::Model) -> Book {
    if p.method == PaymentMethod::Manual {
        Book::ManualPayments
    } else {
        Book::StripeClearing
    }
}

fn what(p: &payments::Model, invoice_number: Option<&str>) -> String {
    let inv = invoice_number.unwrap_or("");
    match p.purpose {
        PaymentPurpose::Invoice => format!("card payment of invoice {inv}"),
        PaymentPurpose::AutoCharge => format!("automatic card charge of invoice {inv}"),
        PaymentPurpose::TopUp => "top-up by card".into(),
        PaymentPurpose::AutoTopUp => "auto top-up by card".into(),
        PaymentPurpose::SaveCard if p.method == PaymentMethod::Manual && !inv.is_empty() => {
            format!("payment of invoice {inv}: {}", p.reference)
        }
        PaymentPurpose::SaveCard => format!("payment received: {}", p.reference),
    }
}

/// Marks a payment succeeded and credits it — once. Returns whether this
/// call credited it (`false`: it already had been).
pub async fn succeed(
    tx: &TenantTx,
    deps: Deps<'_>,
    payment: PaymentId,
    received: Option<Decimal>,
    intent: Option<&str>,
    card: Option<&CardUsed>,
    save: bool,
) -> AppResult<bool> {
    let (account, mut p) = lock(tx, payment).await?;
    if save && let Some(card) = card {
        save_card(tx, deps, account.id.into(), card).await?;
    }
    // Credited once; a payment whose checkout never started is not ours to
    // credit.
    if p.status == PaymentStatus::Succeeded || p.status == PaymentStatus::Canceled {
        return Ok(false);
    }
    let now = deps.clock().now();
    // Never more (nor other) than what we asked for: a provider's object
    // that disagrees with our row is not ours to credit.
    if let Some(r) = received
        && r != p.amount.0
    {
        tracing::warn!(payment = %p.id, expected = %p.amount.0, received = %r,
            "the provider reports another amount than we asked for; not credited");
        return Ok(false);
    }
    let amount = p.amount.0;
    p.status = PaymentStatus::Succeeded;
    p.settled_at = Some(now);
    p.next_attempt_at = None;
    p.failure = None;
    if let Some(i) = intent {
        p.payment_intent_id = Some(i.chars().take(128).collect());
    }
    if let Some(card) = card {
        p.reference = card_label(&card.brand, &card.last4);
    }
    let invoice = match p.invoice_id {
        Some(id) => tx.billing().invoice(id).await?,
        None => None,
    };
    let account = post(
        tx,
        deps,
        account,
        amount,
        JournalKind::Payment,
        arrives_in(&p),
        format!("payment:{}", p.id),
        ("payment", p.id.into()),
        what(&p, invoice.as_ref().map(|i| i.number.as_str())),
        if p.method == PaymentMethod::Manual {
            &p.created_by
        } else {
            "stripe"
        },
    )
    .await?;
    if let Some(inv) = invoice
        && inv.status != InvoiceStatus::Void
    {
        let paid = inv.amount_paid.0 + amount;
        let covered = paid >= inv.amount_due.0;
        tx.payments()
            .set_invoice_paid(
                inv.id.into(),
                paid,
                if covered {
                    InvoiceStatus::Paid
                } else {
                    InvoiceStatus::Open
                },
                if covered { Some(now) } else { None },
            )
            .await?;
    }
    let p = tx.payments().update_payment(p).await?;
    webhooks::events::payment(tx, WebhookEventType::PaymentSucceeded, &p, &account, now).await?;
    if let Some(id) = p.invoice_id {
        webhooks::events::invoice_paid(tx, id, now).await?;
    }
    lift_suspension(tx, deps, account).await?;
    if p.method == PaymentMethod::Card {
        receipt(tx, deps, &p).await?;
    }
    Ok(true)
}

/// Gives the account its services back when nothing is overdue any more.
pub async fn lift_suspension(
    tx: &TenantTx,
    deps: Deps<'_>,
    mut account: accounts::Model,
) -> AppResult<()> {
    if account.status != AccountStatus::Unpaid {
        return Ok(());
    }
    let grace = tx
        .seller(SellerId(account.seller_id))
        .await?
        .map_or(14, |s| s.grace_days.max(0) as u64);
    let today = deps.clock().now().date_naive();
    let limit = today.checked_sub_days(Days::new(grace)).unwrap_or(today);
    if tx
        .payments()
        .open_invoices_due_before(account.id, limit)
        .await?
        .is_empty()
    {
        account.status = AccountStatus::Active;
        let account = tx.customers().update_account(account).await?;
        if let Some(c) = tx.customers().customer(account.customer_id).await? {
            webhooks::events::status_changed(
                tx,
                &c,
                &account,
                AccountStatus::Unpaid,
                deps.clock().now(),
            )
            .await?;
        }
    }
    Ok(())
}

/// The address, name and language of the customer of `account`.
async fn customer_email(
    tx: &TenantTx,
    account: Uuid,
) -> AppResult<Option<(String, String, Locale)>> {
    let Some(a) = tx.customers().account(AccountId(account)).await? else {
        return Ok(None);
    };
    let Some(c) = tx.customers().customer(a.customer_id).await? else {
        return Ok(None);
    };
    let locale = match tx.seller(SellerId(a.seller_id)).await? {
        Some(seller) => crate::services::language::of_customer(&seller, &c),
        None => Locale::default(),
    };
    Ok(Some((c.email, c.name, locale)))
}

/// What a payment was for, in words of `locale` (its failure e-mail).
fn what_in(locale: Locale, p: &payments::Model, invoice_number: Option<&str>) -> String {
    let inv = ("invoice", invoice_number.unwrap_or("").into());
    let reference = ("reference", p.reference.as_str().into());
    match p.purpose {
        PaymentPurpose::Invoice => tf(locale, "email-what-invoice", &[inv]),
        PaymentPurpose::AutoCharge => tf(locale, "email-what-auto-charge", &[inv]),
        PaymentPurpose::TopUp => t(locale, "email-what-top-up"),
        PaymentPurpose::AutoTopUp => t(locale, "email-what-auto-top-up"),
        PaymentPurpose::SaveCard
            if p.method == PaymentMethod::Manual
                && invoice_number.is_some_and(|n| !n.is_empty()) =>
        {
            tf(locale, "email-what-manual-invoice", &[inv, reference])
        }
        PaymentPurpose::SaveCard => tf(locale, "email-what-payment", &[reference]),
    }
}

async fn receipt(tx: &TenantTx, deps: Deps<'_>, p: &payments::Model) -> AppResult<()> {
    let Some((email, name, locale)) = customer_email(tx, p.account_id.into()).await? else {
        return Ok(());
    };
    let amount = format::money(p.amount.0, &p.currency, locale);
    let body = format!(
        "{}\n\n{}\n{}\n",
        tf(locale, "common-hello", &[("name", name.into())]),
        tf(
            locale,
            "email-receipt-body",
            &[
                ("amount", amount.as_str().into()),
                ("reference", p.reference.as_str().into()),
            ]
        ),
        t(locale, "email-thank-you"),
    );
    crate::email::enqueue(
        tx,
        &format!("receipt:{}", p.id),
        &email,
        &tf(
            locale,
            "email-receipt-subject",
            &[("amount", amount.into())],
        ),
        &body,
        deps.clock().now(),
    )
    .await?;
    Ok(())
}

/// E-mails the customer that attempt `attempt` of payment `p` failed with
/// `message`, and what happens next.
async fn failed_mail(
    tx: &TenantTx,
    p: &payments::Model,
    invoice: Option<&str>,
    attempt: i32,
    message: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let Some((email, name, locale)) = customer_email(tx, p.account_id.into()).await? else {
        return Ok(());
    };
    let next = match (p.next_attempt_at, p.purpose) {
        (Some(at), _) => tf(
            locale,
            "email-failed-retry",
            &[("date", format::date(at.date_naive(), locale).into())],
        ),
        (None, PaymentPurpose::AutoTopUp) => t(locale, "email-failed-auto-top-up-off"),
        (None, _) => t(locale, "email-failed-pay-yourself"),
    };
    let amount = format::money(p.amount.0, &p.currency, locale);
    let failed = tf(
        locale,
        "email-failed-body",
        &[
            ("amount", amount.as_str().into()),
            ("what", what_in(locale, p, invoice).into()),
            ("message", message.into()),
        ],
    );
    let body = format!(
        "{}\n\n{failed}\n{next}\n{}\n",
        tf(locale, "common-hello", &[("name", name.into())]),
        tf(
            locale,
            "email-failed-reference",
            &[("id", p.id.to_string().into())]
        ),
    );
    crate::email::enqueue(
        tx,
        &format!("payment-failed:{}:{attempt}", p.id),
        &email,
        &tf(locale, "email-failed-subject", &[("amount", amount.into())]),
        &body,
        now,
    )
    .await?;
    Ok(())
}

/// Records that attempt number `attempt` of a payment failed — once per
/// attempt. Automatic charges are retried after the configured days, then
/// given up; a failed auto top-up turns auto top-up off. The customer is
/// e-mailed each time.
pub async fn fail(
    tx: &TenantTx,
    deps: Deps<'_>,
    payment: PaymentId,
    attempt: i32,
    message: &str,
) -> AppResult<()> {
    let (account, mut p) = lock(tx, payment).await?;
    if p.status != PaymentStatus::Pending || p.attempts >= attempt {
        return Ok(());
    }
    let now = deps.clock().now();
    p.attempts = attempt;
    p.failure = Some(message.chars().take(300).collect());
    let retry_days = &deps.settings().charge_retry_days;
    let retry_in = if p.purpose == PaymentPurpose::AutoCharge {
        retry_days.get((attempt - 1).max(0) as usize).copied()
    } else {
        None
    };
    match retry_in {
        Some(days) => p.next_attempt_at = Some(now + Duration::days(i64::from(days))),
        None => {
            p.status = PaymentStatus::Failed;
            p.next_attempt_at = None;
        }
    }
    let invoice = match p.invoice_id {
        Some(id) => tx.billing().invoice(id).await?,
        None => None,
    };
    // A zero entry: the ledger shows the attempt without moving money.
    let account = post(
        tx,
        deps,
        account,
        Decimal::ZERO,
        JournalKind::PaymentFailed,
        arrives_in(&p),
        format!("payment_failed:{}:{attempt}", p.id),
        ("payment", p.id.into()),
        format!(
            "{} failed: {message}",
            what(&p, invoice.as_ref().map(|i| i.number.as_str()))
        ),
        "stripe",
    )
    .await?;
    if p.purpose == PaymentPurpose::AutoTopUp
        && let Some(mut profile) = tx.payments().profile(p.account_id).await?
    {
        profile.auto_top_up = false;
        profile.updated_at = now;
        tx.payments().save_profile(profile).await?;
    }
    let p = tx.payments().update_payment(p).await?;
    webhooks::events::payment(tx, WebhookEventType::PaymentFailed, &p, &account, now).await?;
    failed_mail(
        tx,
        &p,
        invoice.as_ref().map(|i| i.number.as_str()),
        attempt,
        message,
        now,
    )
    .await?;
    Ok(())
}

/// Applies a refund that the provider has made (or a manual one): the
/// payment's refunded total, a debit in the ledger, and the invoice open
/// again if it is no longer covered. Once per refund row.
pub async fn refund_done(
    tx: &TenantTx,
    deps: Deps<'_>,
    refund: Uuid,
    provider_ref: Option<&str>,
) -> AppResult<()> {
    let r = tx
        .payments()
        .refund(refund)
        .await?
        .ok_or_else(|| AppError::not_found("refund"))?;
    let (account, mut p) = lock(tx, r.payment_id).await?;
    let Some(mut r) = tx.payments().refund(refund).await? else {
        return Ok(());
    };
    if r.status == RefundStatus::Succeeded {
        return Ok(());
    }
    r.status = RefundStatus::Succeeded;
    if let Some(id) = provider_ref {
        r.stripe_refund_id = Some(id.chars().take(128).collect());
    }
    let amount = r.amount.0;
    p.refunded = DbDecimal(p.refunded.0 + amount);
    let invoice = match p.invoice_id {
        Some(id) => tx.billing().invoice(id).await?,
        None => None,
    };
    let account = post(
        tx,
        deps,
        account,
        -amount,
        JournalKind::Refund,
        arrives_in(&p),
        format!("refund:{}", r.id),
        ("refund", r.id),
        format!(
            "refund of {}: {}",
            what(&p, invoice.as_ref().map(|i| i.number.as_str())),
            r.reason
        ),
        &r.created_by,
    )
    .await?;
    if let Some(inv) = invoice
        && inv.status != InvoiceStatus::Void
    {
        let paid = inv.amount_paid.0 - amount;
        let covered = paid >= inv.amount_due.0;
        tx.payments()
            .set_invoice_paid(
                inv.id.into(),
                paid,
                if covered {
                    InvoiceStatus::Paid
                } else {
                    InvoiceStatus::Open
                },
                if covered { inv.paid_at } else { None },
            )
            .await?;
    }
    tx.payments().update_refund(r.clone()).await?;
    let p = tx.payments().update_payment(p).await?;
    webhooks::events::refund(tx, &r, &p, &account, deps.clock().now()).await?;
    Ok(())
}

/// A new pending refund row.
pub fn new_refund(
    tx: &TenantTx,
    deps: Deps<'_>,
    payment: PaymentId,
    amount: Decimal,
    reason: &str,
    actor: &str,
) -> refunds::Model {
    refunds::Model {
        tenant_id: tx.tenant_id().as_uuid(),
        id: Uuid::now_v7(),
        payment_id: payment,
        amount: DbDecimal(amount),
        stripe_refund_id: None,
        status: RefundStatus::Pending,
        reason: reason.chars().take(200).collect(),
        created_by: actor.chars().take(100).collect(),
        created_at: deps.clock().now(),
    }
}

/// The card a PaymentIntent or SetupIntent used, read from Stripe.
pub async fn card_of(
    api: &dyn StripeClient,
    pm: Option<&str>,
    customer: Option<&str>,
) -> Option<CardUsed> {
    let pm = pm?;
    let method = api.payment_method(pm).await.ok()?;
    let card = method.card.unwrap_or_default();
    Some(CardUsed {
        customer: customer.map(str::to_owned),
        payment_method: method.id,
        brand: card.brand,
        last4: card.last4,
    })
}
