//! Invoices, their lines and e-mails written in bulk; reading, voiding and
//! listing invoices; credit notes.

use super::*;
use ringledger_shared::ids::InvoiceId;
use sea_orm::Order;

/// `invoices` columns after `tenant_id`, in the order rows are pushed.
const INVOICE_COLS: &[Col] = &[
    col("id", "uuid"),
    col("seller_id", "uuid"),
    col("account_id", "uuid"),
    col("customer_id", "uuid"),
    null("bill_run_id", "uuid"),
    col("sequence", "int8"),
    col("number", "text"),
    col("period_start", "date"),
    col("period_end", "date"),
    col("issued_on", "date"),
    col("due_on", "date"),
    col("currency", "text"),
    col("tax_mode", "text"),
    col("prepaid", "bool"),
    col("subtotal", "numeric"),
    col("tax_total", "numeric"),
    col("total", "numeric"),
    col("brought_forward", "numeric"),
    col("payments", "numeric"),
    col("amount_due", "numeric"),
    col("status", "text"),
    col("created_at", "timestamptz"),
    col("amount_paid", "numeric"),
    null("paid_at", "timestamptz"),
];

/// `invoice_lines` columns after `tenant_id`.
const LINE_COLS: &[Col] = &[
    col("invoice_id", "uuid"),
    col("position", "int4"),
    col("kind", "text"),
    null("service_kind", "text"),
    col("description", "text"),
    col("calls", "int8"),
    col("billable_secs", "int8"),
    col("allowance_secs", "int8"),
    col("net", "numeric"),
    col("tax_rate", "numeric"),
    col("tax", "numeric"),
    col("gross", "numeric"),
];

/// `outbound_emails` columns after `tenant_id`.
const EMAIL_COLS: &[Col] = &[
    col("id", "uuid"),
    col("idempotency_key", "text"),
    col("to_address", "text"),
    col("subject", "text"),
    col("body_text", "text"),
    col("status", "text"),
    col("attempts", "int4"),
    null("last_error", "text"),
    col("created_at", "timestamptz"),
    null("sent_at", "timestamptz"),
    null("invoice_id", "uuid"),
    null("next_attempt_at", "timestamptz"),
];

impl Billing<'_> {
    /// Stores invoices and their lines (`tenant_id` forced); on PostgreSQL
    /// one `UNNEST` statement for each.
    pub async fn insert_invoices(
        &self,
        invoices_: Vec<invoices::Model>,
        lines: Vec<invoice_lines::Model>,
    ) -> Result<(), DbErr> {
        if self.is_pg() {
            let mut inv = Unnest::new("invoices", INVOICE_COLS);
            for r in &invoices_ {
                inv.row(vec![
                    s(r.id),
                    s(r.seller_id),
                    s(r.account_id),
                    s(r.customer_id),
                    opt(r.bill_run_id),
                    s(r.sequence),
                    s(&r.number),
                    s(r.period_start),
                    s(r.period_end),
                    s(r.issued_on),
                    s(r.due_on),
                    s(&r.currency),
                    s(r.tax_mode.as_str()),
                    s(r.prepaid),
                    s(r.subtotal.0),
                    s(r.tax_total.0),
                    s(r.total.0),
                    s(r.brought_forward.0),
                    s(r.payments.0),
                    s(r.amount_due.0),
                    s(r.status.as_str()),
                    ts(r.created_at),
                    s(r.amount_paid.0),
                    r.paid_at.and_then(ts),
                ]);
            }
            inv.exec(&self.tx, self.tid()).await?;
            let mut li = Unnest::new("invoice_lines", LINE_COLS);
            for r in &lines {
                li.row(vec![
                    s(r.invoice_id),
                    s(r.position),
                    s(r.kind.as_str()),
                    opt(r.service_kind.as_ref()),
                    s(&r.description),
                    s(r.calls),
                    s(r.billable_secs),
                    s(r.allowance_secs),
                    s(r.net.0),
                    s(r.tax_rate.0),
                    s(r.tax.0),
                    s(r.gross.0),
                ]);
            }
            return li.exec(&self.tx, self.tid()).await;
        }
        for chunk in invoices_.chunks(500) {
            invoices::Entity::insert_many(chunk.iter().cloned().map(|mut r| {
                r.tenant_id = self.tid();
                invoices::ActiveModel::from(r)
            }))
            .exec(&self.tx)
            .await?;
        }
        for chunk in lines.chunks(1_000) {
            invoice_lines::Entity::insert_many(chunk.iter().cloned().map(|mut r| {
                r.tenant_id = self.tid();
                invoice_lines::ActiveModel::from(r)
            }))
            .exec(&self.tx)
            .await?;
        }
        Ok(())
    }

    /// Queues e-mails in bulk (`tenant_id` forced; keys must be new).
    pub async fn insert_emails(
        &self,
        rows: Vec<crate::entities::outbound_emails::Model>,
    ) -> Result<(), DbErr> {
        use crate::entities::outbound_emails as oe;
        if rows.is_empty() {
            return Ok(());
        }
        self.note_mail();
        if self.is_pg() {
            let mut u = Unnest::new("outbound_emails", EMAIL_COLS);
            for r in &rows {
                u.row(vec![
                    s(r.id),
                    s(&r.idempotency_key),
                    s(&r.to_address),
                    s(&r.subject),
                    s(&r.body_text),
                    s(r.status.as_str()),
                    s(r.attempts),
                    opt(r.last_error.as_ref().filter(|e| !e.is_empty())),
                    ts(r.created_at),
                    r.sent_at.and_then(ts),
                    opt(r.invoice_id),
                    r.next_attempt_at.and_then(ts),
                ]);
            }
            return u.exec(&self.tx, self.tid()).await;
        }
        for chunk in rows.chunks(1_000) {
            oe::Entity::insert_many(chunk.iter().cloned().map(|mut r| {
                r.tenant_id = self.tid();
                oe::ActiveModel::from(r)
            }))
            .exec(&self.tx)
            .await?;
        }
        Ok(())
    }

    /// An invoice.
    pub async fn invoice(&self, id: InvoiceId) -> Result<Option<invoices::Model>, DbErr> {
        invoices::Entity::find_by_id((self.tid(), id))
            .one(&self.tx)
            .await
    }

    /// The lines of an invoice, in order.
    pub async fn invoice_lines(&self, id: Uuid) -> Result<Vec<invoice_lines::Model>, DbErr> {
        invoice_lines::Entity::find()
            .filter(invoice_lines::Column::TenantId.eq(self.tid()))
            .filter(invoice_lines::Column::InvoiceId.eq(id))
            .order_by_asc(invoice_lines::Column::Position)
            .all(&self.tx)
            .await
    }

    /// Sets an invoice's status.
    pub async fn set_invoice_status(
        &self,
        id: InvoiceId,
        status: InvoiceStatus,
    ) -> Result<(), DbErr> {
        invoices::Entity::update_many()
            .col_expr(invoices::Column::Status, Expr::value(status))
            .filter(invoices::Column::TenantId.eq(self.tid()))
            .filter(invoices::Column::Id.eq(id))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// A page of invoices, newest first, and the total.
    pub async fn list_invoices(
        &self,
        f: &InvoiceFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<invoices::Model>, u64), DbErr> {
        let mut q = invoices::Entity::find().filter(invoices::Column::TenantId.eq(self.tid()));
        if let Some(a) = f.account_id {
            q = q.filter(invoices::Column::AccountId.eq(a));
        }
        if let Some(s) = &f.sellers {
            q = q.filter(invoices::Column::SellerId.is_in(s.iter().copied()));
        }
        match f.status.as_deref() {
            Some("overdue") => {
                q = q.filter(invoices::Column::Status.eq(InvoiceStatus::Open));
                if let Some(t) = f.today {
                    q = q.filter(invoices::Column::DueOn.lt(t));
                }
            }
            Some(s) => q = q.filter(invoices::Column::Status.eq(s)),
            None => {}
        }
        let (column, descending) = match f.sort {
            Some(s) => (
                match s.column {
                    "number" => invoices::Column::Number,
                    "due_on" => invoices::Column::DueOn,
                    "total" => invoices::Column::Total,
                    "status" => invoices::Column::Status,
                    _ => invoices::Column::IssuedOn,
                },
                s.descending,
            ),
            None => (invoices::Column::IssuedOn, true),
        };
        let order = if descending { Order::Desc } else { Order::Asc };
        // SQLite keeps decimals as text ("10.00" < "9.00"): totals order by
        // their numeric value there (only the order; no money is computed).
        let q = if matches!(column, invoices::Column::Total) && !self.is_pg() {
            q.order_by(Expr::cust("CAST(\"total\" AS NUMERIC)"), order.clone())
        } else {
            q.order_by(column, order.clone())
        };
        let q = q.order_by(invoices::Column::Sequence, order);
        let total = q.clone().count(&self.tx).await?;
        let items = q.offset(offset).limit(limit).all(&self.tx).await?;
        Ok((items, total))
    }

    /// Inserts a credit note (`tenant_id` forced).
    pub async fn insert_credit_note(
        &self,
        mut m: credit_notes::Model,
    ) -> Result<credit_notes::Model, DbErr> {
        m.tenant_id = self.tid();
        credit_notes::ActiveModel::from(m).insert(&self.tx).await
    }

    /// The credit note of an invoice.
    pub async fn credit_note_of(
        &self,
        invoice: Uuid,
    ) -> Result<Option<credit_notes::Model>, DbErr> {
        credit_notes::Entity::find()
            .filter(credit_notes::Column::TenantId.eq(self.tid()))
            .filter(credit_notes::Column::InvoiceId.eq(invoice))
            .one(&self.tx)
            .await
    }
}
