//! The outbox: messages queued in the transaction that caused them, and
//! the sender that claims and delivers them.

use crate::state::AppState;
use anyhow::Context;
use lettre::Message;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use ringledger_db::entities::outbound_emails;
use ringledger_db::repo::{Committed, MAX_ATTEMPTS, TenantTx};
use ringledger_shared::ids::{InvoiceId, TenantId};
use ringledger_shared::status::EmailStatus;
use uuid::Uuid;

/// How long a claimed message is left to its sender before another one
/// (after a crash) may take it.
const CLAIM_LEASE: chrono::Duration = chrono::Duration::minutes(5);

/// Queues a message in the caller's transaction. The same `key` twice
/// queues it once.
pub async fn enqueue(
    tx: &TenantTx,
    key: &str,
    to: &str,
    subject: &str,
    body: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sea_orm::DbErr> {
    if tx.customers().email_by_key(key).await?.is_some() {
        return Ok(());
    }
    tx.customers()
        .insert_email(outbound_emails::Model {
            tenant_id: tx.tenant_id().as_uuid(),
            id: Uuid::now_v7(),
            idempotency_key: key.to_owned(),
            to_address: to.to_owned(),
            subject: subject.to_owned(),
            body_text: body.to_owned(),
            status: EmailStatus::Pending,
            attempts: 0,
            last_error: None,
            created_at: now,
            sent_at: None,
            invoice_id: None,
            next_attempt_at: None,
        })
        .await
}

/// Delivers every due message (a platform job across tenants), a hundred
/// at a time, each batch claimed first so that several instances never send
/// the same one; stops between batches when the process is stopping.
/// Returns how many were sent.
pub async fn flush(state: &AppState) -> anyhow::Result<usize> {
    let _guard = state.mail_lock().lock().await;
    let mut sent = 0;
    loop {
        let (claimed, ok) = flush_batch(state).await?;
        sent += ok;
        // A batch that sent nothing (the SMTP server is down): the rest waits
        // for the next pass instead of being tried, and failed, in a row.
        if claimed < BATCH || ok == 0 || state.jobs().stopping() {
            return Ok(sent);
        }
    }
}

/// Messages claimed at a time.
const BATCH: usize = 100;

/// Claims and delivers one batch: (claimed, sent).
async fn flush_batch(state: &AppState) -> anyhow::Result<(usize, usize)> {
    let now = state.clock().now();
    let tx = state.repos().platform_claims().await?;
    let pending = tx
        .claim_emails(BATCH as u64, MAX_ATTEMPTS, now, now + CLAIM_LEASE)
        .await?;
    tx.commit().await?;
    let claimed = pending.len();
    let from: Mailbox = state
        .settings()
        .mail_from
        .parse()
        .context("RINGLEDGER_MAIL_FROM is not a valid mailbox")?;
    let mut sent = 0;
    for mail in pending {
        let result = async {
            let to: Mailbox = mail.to_address.parse().context("bad recipient")?;
            let builder = Message::builder()
                .from(from.clone())
                .to(to)
                .message_id(Some(format!("<{}@ringledger>", mail.id)))
                .subject(mail.subject.clone());
            let message = match mail.invoice_id {
                None => builder
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.body_text.clone())?,
                Some(invoice) => {
                    let (name, pdf) = invoice_pdf(state, mail.tenant_id, invoice).await?;
                    builder.multipart(
                        MultiPart::mixed()
                            .singlepart(SinglePart::plain(mail.body_text.clone()))
                            .singlepart(
                                Attachment::new(name)
                                    .body(pdf, ContentType::parse("application/pdf")?),
                            ),
                    )?
                }
            };
            state.mailer().deliver(message).await
        }
        .await;
        let tx = state.repos().platform_claims().await?;
        match result {
            Ok(()) => {
                tx.mark_email(mail.tenant_id, mail.id, None, state.clock().now())
                    .await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(email = %mail.id, error = %e, "sending an e-mail failed");
                tx.mark_email(
                    mail.tenant_id,
                    mail.id,
                    Some(e.to_string()),
                    state.clock().now(),
                )
                .await?;
                tracing::info!(email = %mail.id, attempts = mail.attempts + 1, "e-mail will be retried");
            }
        }
        tx.commit().await?;
    }
    Ok((claimed, sent))
}

/// Kicks the senders when a committed transaction queued mail or webhook
/// deliveries (the request-scoped signal of `TenantTx::commit`).
pub fn after_commit(state: &AppState, done: Committed) {
    if done.mail_queued {
        kick(state);
    }
    if done.webhooks_queued {
        crate::webhooks::kick(state);
    }
}

/// Sends pending mail now, in the background.
pub fn kick(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let Some(_unit) = state.jobs().enter() else {
            return;
        };
        if let Err(e) = flush(&state).await {
            tracing::warn!(error = %e, "mail flush failed");
        }
    });
}

/// The PDF of an invoice, with its file name.
async fn invoice_pdf(
    state: &AppState,
    tenant: Uuid,
    invoice: InvoiceId,
) -> anyhow::Result<(String, Vec<u8>)> {
    let doc = crate::services::billing::document::load(
        state.repos(),
        state.urls(),
        TenantId(tenant),
        invoice,
    )
    .await
    .map_err(|e| anyhow::anyhow!("invoice {invoice}: {}", e.message))?
    .ok_or_else(|| anyhow::anyhow!("invoice {invoice} is gone"))?;
    Ok((format!("{}.pdf", doc.invoice.number), doc.render()))
}

/// The process's mail sender: a flush in the background (and, after a
/// commit that queued webhook deliveries, their sender's).
impl crate::ports::MailKick for AppState {
    fn kick(&self) {
        kick(self);
    }

    fn after_commit(&self, done: Committed) {
        after_commit(self, done);
    }
}
