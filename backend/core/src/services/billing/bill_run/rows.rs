//! The rows an issued invoice writes: the invoice itself, its lines, the
//! journal of what was not posted call by call, and its e-mail.

use super::*;
use ringledger_db::entities::customers;
use ringledger_shared::format;
use ringledger_shared::i18n::tf;
use ringledger_shared::ids::InvoiceId;
use ringledger_shared::locale::Locale;

/// The invoice row of one account for `period`, numbered `sequence`:
/// `brought_forward` is what its earlier invoices still ask for, `payments`
/// what it paid in the period.
#[allow(clippy::too_many_arguments)]
pub(super) fn invoice_row(
    seller: &sellers::Model,
    run_id: Uuid,
    account: &accounts::Model,
    customer: &customers::Model,
    period: BillingPeriod,
    t: &ringledger_shared::billing::InvoiceTotals,
    brought_forward: Decimal,
    payments: Decimal,
    sequence: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> invoices::Model {
    let today = now.date_naive();
    let prepaid = account.kind == ringledger_shared::status::AccountKind::Prepaid;
    let amount_due = if prepaid {
        Decimal::ZERO
    } else {
        t.total.max(Decimal::ZERO)
    };
    let status = if amount_due.is_zero() {
        InvoiceStatus::Paid
    } else {
        InvoiceStatus::Open
    };
    invoices::Model {
        tenant_id: account.tenant_id,
        id: Uuid::now_v7().into(),
        seller_id: seller.id,
        account_id: account.id,
        customer_id: customer.id,
        bill_run_id: Some(run_id),
        sequence,
        number: format!("{}{sequence:06}", seller.invoice_prefix),
        period_start: period.start,
        period_end: period.end,
        issued_on: today,
        due_on: today
            .checked_add_days(Days::new(seller.payment_terms_days.max(0) as u64))
            .unwrap_or(today),
        currency: account.currency.clone(),
        tax_mode: seller.tax_mode,
        prepaid,
        subtotal: DbDecimal(t.subtotal),
        tax_total: DbDecimal(t.tax),
        total: DbDecimal(t.total),
        brought_forward: DbDecimal(brought_forward),
        payments: DbDecimal(payments),
        amount_due: DbDecimal(amount_due),
        status,
        created_at: now,
        // A prepaid statement was paid from the balance as it was used
        // (calls one by one, the rest now): what was drawn.
        amount_paid: DbDecimal(if prepaid {
            t.total.max(Decimal::ZERO)
        } else {
            Decimal::ZERO
        }),
        paid_at: (status == InvoiceStatus::Paid).then_some(now),
    }
}

/// The journal of an issued invoice: usage was posted call by call
/// (unrounded); the rest of the invoice — fees, one-off charges and
/// credits, taxes, and the rounding of the usage lines — is debited now,
/// each to its revenue book. `None` when nothing is left to post.
pub(super) fn invoice_journal(
    account: &ringledger_db::entities::accounts::Model,
    invoice: &invoices::Model,
    lines: &[crate::services::billing::compose::InvoiceLine],
    raw_usage: Decimal,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<ringledger_db::repo::NewJournal> {
    use crate::services::ledger::Details;
    use ringledger_shared::billing::LineKind;
    use ringledger_shared::ledger::{Book, JournalKind, Leg, Legs};
    let sum = |kinds: &[LineKind]| -> Decimal {
        lines
            .iter()
            .filter(|l| kinds.contains(&l.line.kind))
            .map(|l| l.line.net)
            .sum()
    };
    let tax: Decimal = lines.iter().map(|l| l.line.tax).sum();
    let parts = [
        (Book::RevenueRecurring, sum(&[LineKind::Recurring])),
        (
            Book::RevenueOneOff,
            sum(&[LineKind::OneOff, LineKind::Credit]),
        ),
        (Book::TaxPayable, tax),
        (Book::Rounding, sum(&[LineKind::Usage]) - raw_usage),
    ];
    let debit: Decimal = parts.iter().map(|(_, a)| *a).sum();
    if parts.iter().all(|(_, a)| a.is_zero()) {
        return None;
    }
    let mut legs = vec![Leg {
        book: Book::Customer,
        account_id: Some(account.id.into()),
        amount: -debit,
    }];
    legs.extend(
        parts
            .iter()
            .filter(|(_, a)| !a.is_zero())
            .map(|&(book, amount)| Leg {
                book,
                account_id: None,
                amount,
            }),
    );
    let legs = Legs::new(legs).ok()?;
    Some(
        crate::services::ledger::journal(
            JournalKind::Invoice,
            account,
            format!("invoice:{}", invoice.id),
            legs,
            now,
        )
        .memo(format!(
            "invoice {}: fees, charges and taxes",
            invoice.number
        ))
        .actor("bill run")
        .cause("invoice", invoice.id.into()),
    )
}

/// The stored row of an invoice's `i`-th line.
pub(super) fn line_row(
    tenant: Uuid,
    invoice: InvoiceId,
    i: usize,
    l: InvoiceLine,
) -> invoice_lines::Model {
    invoice_lines::Model {
        tenant_id: tenant,
        invoice_id: invoice,
        position: i as i32,
        kind: l.line.kind,
        service_kind: l.service_kind,
        description: l.description.chars().take(200).collect(),
        calls: l.calls,
        billable_secs: l.billable_secs,
        allowance_secs: l.allowance_secs,
        net: DbDecimal(l.line.net),
        tax_rate: DbDecimal(l.line.tax_rate),
        tax: DbDecimal(l.line.tax),
        gross: DbDecimal(l.line.gross),
    }
}

/// An invoice e-mail to queue: the invoice, the customer's address, name
/// and language.
pub(super) type InvoiceMail = (invoices::Model, String, String, Locale);

/// Queues the invoice e-mails (PDF attached when sent) in `tx`, in bulk:
/// the invoices are new, so their keys (`invoice:{id}`) are too. Each is in
/// its customer's language.
pub(super) async fn queue_invoice_mails(
    state: &AppState,
    tx: &TenantTx,
    seller: &sellers::Model,
    mails: Vec<InvoiceMail>,
) -> AppResult<()> {
    if mails.is_empty() {
        return Ok(());
    }
    let portal = tx
        .tenant()
        .await?
        .map(|t| state.urls().seller_portal_url(&t.slug, seller))
        .unwrap_or_default();
    let now = state.clock().now();
    let rows = mails
        .into_iter()
        .map(|(invoice, email, name, locale)| {
            let pay = format!("{portal}/account/invoices/{}", invoice.id);
            let subject = tf(
                locale,
                "email-invoice-subject",
                &[
                    ("number", invoice.number.as_str().into()),
                    ("seller", seller.name.as_str().into()),
                ],
            );
            outbound_emails::Model {
                tenant_id: invoice.tenant_id,
                id: Uuid::now_v7(),
                idempotency_key: format!("invoice:{}", invoice.id),
                to_address: email,
                subject,
                body_text: invoice_mail_body(locale, seller, &invoice, &name, &pay),
                status: EmailStatus::Pending,
                attempts: 0,
                last_error: None,
                created_at: now,
                sent_at: None,
                invoice_id: Some(invoice.id),
                next_attempt_at: None,
            }
        })
        .collect();
    tx.billing().insert_emails(rows).await?;
    Ok(())
}

/// The text of an invoice e-mail to `name`, in `locale`, with its pay link.
pub(super) fn invoice_mail_body(
    locale: Locale,
    seller: &sellers::Model,
    invoice: &invoices::Model,
    name: &str,
    pay: &str,
) -> String {
    let money = |d: Decimal| format::money(d, &invoice.currency, locale);
    let last_day = invoice.period_end.pred_opt().unwrap_or(invoice.period_end);
    let attached = tf(
        locale,
        "email-invoice-attached",
        &[
            ("number", invoice.number.as_str().into()),
            ("seller", seller.name.as_str().into()),
            ("start", format::date(invoice.period_start, locale).into()),
            ("end", format::date(last_day, locale).into()),
        ],
    );
    let total = tf(
        locale,
        "email-invoice-total",
        &[("amount", money(invoice.total.0).into())],
    );
    let due = tf(
        locale,
        "email-invoice-due",
        &[
            ("amount", money(invoice.amount_due.0).into()),
            ("date", format::date(invoice.due_on, locale).into()),
        ],
    );
    format!(
        "{}\n\n{attached}\n{total}\n{due}\n\n{}\n\n{}\n",
        tf(locale, "common-hello", &[("name", name.into())]),
        tf(locale, "email-invoice-pay", &[("link", pay.into())]),
        seller.name,
    )
}
