//! Bills: sellers' numbering counters, what an invoice is made of (read in
//! bulk for a chunk of accounts), invoices, lines, credit notes, bill runs.
//! Every query filters on the transaction's tenant.

use super::TenantTx;
use super::bulk::{Col, Unnest, col, null, opt, s, ts};
use crate::entities::decimal::DbDecimal;
use crate::entities::{
    accounts, bill_runs, bundles, cdrs, credit_notes, customers, invoice_lines, invoices,
    one_off_charges, postings, sellers, tax_rates,
};
use chrono::{DateTime, NaiveDate, Utc};
use ringledger_shared::billing::ServiceUsage;
use ringledger_shared::status::{BillRunStatus, InvoiceStatus};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

const CHUNK: usize = 1_000;

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

/// A late record as read: id, account, service, billable and covered
/// seconds, charge.
type LateRow = (Uuid, Option<Uuid>, Option<Uuid>, i64, i64, DbDecimal);

/// An invoice page filter.
#[derive(Debug, Default, Clone)]
pub struct InvoiceFilter {
    /// `open`, `paid`, `void`, `overdue` (open and past due) or none.
    pub status: Option<String>,
    /// One account's invoices.
    pub account_id: Option<Uuid>,
    /// Invoices of these sellers (a staff member's scope).
    pub sellers: Option<Vec<Uuid>>,
    /// Today, for `overdue`.
    pub today: Option<NaiveDate>,
}

impl TenantTx {
    fn is_pg(&self) -> bool {
        self.tx.get_database_backend() == DbBackend::Postgres
    }

    /// A seller, locked on PostgreSQL (`FOR NO KEY UPDATE`) so invoice
    /// numbers are handed out one transaction at a time, without gaps (CDR
    /// batches' `FOR KEY SHARE` on the row does not wait for it).
    pub async fn seller_for_update(&self, id: Uuid) -> Result<Option<sellers::Model>, DbErr> {
        let q = sellers::Entity::find_by_id((self.tid(), id));
        if self.is_pg() {
            q.lock(sea_orm::sea_query::LockType::NoKeyUpdate)
                .one(&self.tx)
                .await
        } else {
            q.one(&self.tx).await
        }
    }

    /// Locks a seller's row against CDR batches (`FOR UPDATE` on
    /// PostgreSQL): creating a bill run waits for the batches in flight,
    /// and later batches see the run (their records are then late).
    pub async fn close_seller_periods(&self, id: Uuid) -> Result<(), DbErr> {
        if self.is_pg() {
            sellers::Entity::find_by_id((self.tid(), id))
                .lock_exclusive()
                .one(&self.tx)
                .await?;
        }
        Ok(())
    }

    /// Saves changed columns of a service (its tenant is checked).
    pub async fn save_service(
        &self,
        am: crate::entities::account_services::ActiveModel,
    ) -> Result<(), DbErr> {
        if am.tenant_id.as_ref() != &self.tid() {
            return Err(DbErr::RecordNotFound("service".into()));
        }
        am.update(&self.tx).await.map(|_| ())
    }

    /// Saves a seller's invoicing settings.
    pub async fn update_seller_billing(&self, s: sellers::Model) -> Result<(), DbErr> {
        let mut am: sellers::ActiveModel = s.clone().into();
        am.invoice_prefix = sea_orm::Set(s.invoice_prefix);
        am.address = sea_orm::Set(s.address);
        am.tax_id = sea_orm::Set(s.tax_id);
        am.tax_mode = sea_orm::Set(s.tax_mode);
        am.payment_terms_days = sea_orm::Set(s.payment_terms_days);
        am.update(&self.tx).await.map(|_| ())
    }

    /// Saves a seller's numbering counters.
    pub async fn set_seller_counters(
        &self,
        id: Uuid,
        next_invoice: i64,
        next_credit_note: i64,
    ) -> Result<(), DbErr> {
        sellers::Entity::update_many()
            .col_expr(
                sellers::Column::NextInvoiceNumber,
                Expr::value(next_invoice),
            )
            .col_expr(
                sellers::Column::NextCreditNoteNumber,
                Expr::value(next_credit_note),
            )
            .filter(sellers::Column::TenantId.eq(self.tid()))
            .filter(sellers::Column::Id.eq(id))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Every account of a seller.
    pub async fn accounts_of_seller(&self, seller: Uuid) -> Result<Vec<accounts::Model>, DbErr> {
        accounts::Entity::find()
            .filter(accounts::Column::TenantId.eq(self.tid()))
            .filter(accounts::Column::SellerId.eq(seller))
            .order_by_asc(accounts::Column::Id)
            .all(&self.tx)
            .await
    }

    /// (account, period start) of the seller's invoices for periods that
    /// started on or after `since`.
    pub async fn invoiced_periods(
        &self,
        seller: Uuid,
        since: NaiveDate,
    ) -> Result<HashSet<(Uuid, NaiveDate)>, DbErr> {
        let rows: Vec<(Uuid, NaiveDate)> = invoices::Entity::find()
            .select_only()
            .column(invoices::Column::AccountId)
            .column(invoices::Column::PeriodStart)
            .filter(invoices::Column::TenantId.eq(self.tid()))
            .filter(invoices::Column::SellerId.eq(seller))
            .filter(invoices::Column::PeriodStart.gte(since))
            .into_tuple()
            .all(&self.tx)
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// (account, period start) of the invoices of some accounts for
    /// periods that started on or after `since`.
    pub async fn invoiced_periods_of(
        &self,
        account_ids: &[Uuid],
        since: NaiveDate,
    ) -> Result<HashSet<(Uuid, NaiveDate)>, DbErr> {
        let mut out = HashSet::new();
        for chunk in account_ids.chunks(CHUNK) {
            let rows: Vec<(Uuid, NaiveDate)> = invoices::Entity::find()
                .select_only()
                .column(invoices::Column::AccountId)
                .column(invoices::Column::PeriodStart)
                .filter(invoices::Column::TenantId.eq(self.tid()))
                .filter(super::one_of(
                    self.db_backend(),
                    invoices::Column::AccountId,
                    chunk,
                ))
                .filter(invoices::Column::PeriodStart.gte(since))
                .into_tuple()
                .all(&self.tx)
                .await?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Customers by id.
    pub async fn customers_by_ids(&self, ids: &[Uuid]) -> Result<Vec<customers::Model>, DbErr> {
        let mut out = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            out.extend(
                customers::Entity::find()
                    .filter(customers::Column::TenantId.eq(self.tid()))
                    .filter(super::one_of(
                        self.db_backend(),
                        customers::Column::Id,
                        chunk,
                    ))
                    .all(&self.tx)
                    .await?,
            );
        }
        Ok(out)
    }

    /// Every bundle of the tenant.
    pub async fn all_bundles(&self) -> Result<Vec<bundles::Model>, DbErr> {
        bundles::Entity::find()
            .filter(bundles::Column::TenantId.eq(self.tid()))
            .all(&self.tx)
            .await
    }

    /// One-off charges and credits of some accounts not billed yet, made
    /// before `before`.
    pub async fn unbilled_one_offs(
        &self,
        account_ids: &[Uuid],
        before: DateTime<Utc>,
    ) -> Result<Vec<one_off_charges::Model>, DbErr> {
        let mut out = Vec::new();
        for chunk in account_ids.chunks(CHUNK) {
            out.extend(
                one_off_charges::Entity::find()
                    .filter(one_off_charges::Column::TenantId.eq(self.tid()))
                    .filter(super::one_of(
                        self.db_backend(),
                        one_off_charges::Column::AccountId,
                        chunk,
                    ))
                    .filter(one_off_charges::Column::InvoiceId.is_null())
                    .filter(one_off_charges::Column::CreatedAt.lt(before))
                    .all(&self.tx)
                    .await?,
            );
        }
        Ok(out)
    }

    /// Records which invoice billed some one-off charges.
    pub async fn bill_one_offs(&self, ids: &[Uuid], invoice: Uuid) -> Result<(), DbErr> {
        if ids.is_empty() {
            return Ok(());
        }
        one_off_charges::Entity::update_many()
            .col_expr(one_off_charges::Column::InvoiceId, Expr::value(invoice))
            .filter(one_off_charges::Column::TenantId.eq(self.tid()))
            .filter(super::one_of(
                self.db_backend(),
                one_off_charges::Column::Id,
                ids,
            ))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Inserts a one-off charge (its `tenant_id` is forced).
    pub async fn insert_one_off(
        &self,
        mut m: one_off_charges::Model,
    ) -> Result<one_off_charges::Model, DbErr> {
        m.tenant_id = self.tid();
        one_off_charges::ActiveModel::from(m).insert(&self.tx).await
    }

    /// A seller's tax rates.
    pub async fn tax_rates_of(&self, seller: Uuid) -> Result<Vec<tax_rates::Model>, DbErr> {
        tax_rates::Entity::find()
            .filter(tax_rates::Column::TenantId.eq(self.tid()))
            .filter(tax_rates::Column::SellerId.eq(seller))
            .order_by_asc(tax_rates::Column::Country)
            .all(&self.tx)
            .await
    }

    /// Replaces a seller's tax rates.
    pub async fn replace_tax_rates(
        &self,
        seller: Uuid,
        rates: Vec<tax_rates::Model>,
    ) -> Result<(), DbErr> {
        tax_rates::Entity::delete_many()
            .filter(tax_rates::Column::TenantId.eq(self.tid()))
            .filter(tax_rates::Column::SellerId.eq(seller))
            .exec(&self.tx)
            .await?;
        if rates.is_empty() {
            return Ok(());
        }
        tax_rates::Entity::insert_many(rates.into_iter().map(|mut r| {
            r.tenant_id = self.tid();
            tax_rates::ActiveModel::from(r)
        }))
        .exec(&self.tx)
        .await
        .map(|_| ())
    }

    /// Through which day each of `sellers` has had bill runs (the latest
    /// run's `as_of`): billing periods ended by then are closed. The sellers'
    /// rows are share-locked on PostgreSQL (`FOR KEY SHARE`), so a bill run
    /// being created (`FOR UPDATE`) and a CDR batch never miss each other.
    pub async fn closed_through(
        &self,
        sellers: &[Uuid],
    ) -> Result<HashMap<Uuid, NaiveDate>, DbErr> {
        use sea_orm::sea_query::LockType;
        if sellers.is_empty() {
            return Ok(HashMap::new());
        }
        let q = sellers::Entity::find()
            .select_only()
            .column(sellers::Column::Id)
            .filter(sellers::Column::TenantId.eq(self.tid()))
            .filter(super::one_of(
                self.db_backend(),
                sellers::Column::Id,
                sellers,
            ));
        let _: Vec<Uuid> = if self.is_pg() {
            q.lock(LockType::KeyShare)
                .into_tuple()
                .all(&self.tx)
                .await?
        } else {
            q.into_tuple().all(&self.tx).await?
        };
        let rows: Vec<(Uuid, Option<NaiveDate>)> = bill_runs::Entity::find()
            .select_only()
            .column(bill_runs::Column::SellerId)
            .column_as(bill_runs::Column::AsOf.max(), "through")
            .filter(bill_runs::Column::TenantId.eq(self.tid()))
            .filter(super::one_of(
                self.db_backend(),
                bill_runs::Column::SellerId,
                sellers,
            ))
            .group_by(bill_runs::Column::SellerId)
            .into_tuple()
            .all(&self.tx)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(s, d)| Some((s, d?)))
            .collect())
    }

    /// The tenant's rated late records not billed yet (few; read through
    /// the partial index `ix_cdrs_late`): (account, service, cdr id, usage
    /// of that one call).
    pub async fn late_unbilled(&self) -> Result<Vec<(Uuid, Uuid, Uuid, ServiceUsage)>, DbErr> {
        let rows: Vec<LateRow> = cdrs::Entity::find()
            .select_only()
            .column(cdrs::Column::Id)
            .column(cdrs::Column::AccountId)
            .column(cdrs::Column::ServiceId)
            .column(cdrs::Column::BillableSecs)
            .column(cdrs::Column::CoveredSecs)
            .column(cdrs::Column::Charge)
            .filter(cdrs::Column::TenantId.eq(self.tid()))
            .filter(cdrs::Column::Late.eq(true))
            .filter(cdrs::Column::InvoiceId.is_null())
            .filter(cdrs::Column::Status.eq(cdrs::CdrStatus::Rated))
            .into_tuple()
            .all(&self.tx)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, account, service, billable, covered, charge)| {
                Some((
                    account?,
                    service?,
                    id,
                    one_call(billable, covered, charge.0),
                ))
            })
            .collect())
    }

    /// Records which invoice billed some late records; `false` when one of
    /// them was billed by another invoice meanwhile (nothing is then to be
    /// committed).
    pub async fn bill_late(&self, cdr_ids: &[Uuid], invoice: Uuid) -> Result<bool, DbErr> {
        if cdr_ids.is_empty() {
            return Ok(true);
        }
        let done = cdrs::Entity::update_many()
            .col_expr(cdrs::Column::InvoiceId, Expr::value(invoice))
            .filter(cdrs::Column::TenantId.eq(self.tid()))
            .filter(super::one_of(self.db_backend(), cdrs::Column::Id, cdr_ids))
            .filter(cdrs::Column::InvoiceId.is_null())
            .exec(&self.tx)
            .await?;
        Ok(done.rows_affected == cdr_ids.len() as u64)
    }

    /// Rated calls per service of every account of the tenant that started
    /// in `[start, end)`, summed in one pass (PostgreSQL only: `None` on
    /// SQLite, where [`TenantTx::usage_by_service`] is used per chunk).
    pub async fn usage_by_service_all(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Option<HashMap<Uuid, ServiceUsage>>, DbErr> {
        if !self.is_pg() {
            return Ok(None);
        }
        let rows = self
            .tx
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT service_id, count(*)::int8 AS calls, sum(billable_secs)::int8 AS billable, \
                 sum(covered_secs)::int8 AS covered, sum(charge)::text AS charge \
                 FROM cdrs WHERE tenant_id = $1 \
                 AND start_time >= $2 AND start_time < $3 AND status = 'rated' AND NOT late \
                 AND service_id IS NOT NULL GROUP BY service_id",
                vec![self.tid().into(), start.into(), end.into()],
            ))
            .await?;
        let mut out = HashMap::with_capacity(rows.len());
        for r in rows {
            let charge: String = r.try_get("", "charge")?;
            out.insert(
                r.try_get("", "service_id")?,
                ServiceUsage {
                    calls: r.try_get("", "calls")?,
                    billable_secs: r.try_get("", "billable")?,
                    covered_secs: r.try_get("", "covered")?,
                    charge: charge.parse().unwrap_or_default(),
                },
            );
        }
        Ok(Some(out))
    }

    /// Rated calls per service of some accounts that started in
    /// `[start, end)`. PostgreSQL sums in SQL (exact `numeric`); SQLite
    /// stores decimals as text, so they are summed here.
    pub async fn usage_by_service(
        &self,
        account_ids: &[Uuid],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<HashMap<Uuid, ServiceUsage>, DbErr> {
        let mut out: HashMap<Uuid, ServiceUsage> = HashMap::new();
        if account_ids.is_empty() {
            return Ok(out);
        }
        if self.is_pg() {
            let ids: Vec<String> = account_ids.iter().map(Uuid::to_string).collect();
            let rows = self
                .tx
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT service_id, count(*)::int8 AS calls, sum(billable_secs)::int8 AS billable, \
                     sum(covered_secs)::int8 AS covered, sum(charge)::text AS charge \
                     FROM cdrs WHERE tenant_id = $1 AND account_id = ANY($2::uuid[]) \
                     AND start_time >= $3 AND start_time < $4 AND status = 'rated' AND NOT late \
                     AND service_id IS NOT NULL GROUP BY service_id",
                    vec![self.tid().into(), ids.into(), start.into(), end.into()],
                ))
                .await?;
            for r in rows {
                let charge: String = r.try_get("", "charge")?;
                out.insert(
                    r.try_get("", "service_id")?,
                    ServiceUsage {
                        calls: r.try_get("", "calls")?,
                        billable_secs: r.try_get("", "billable")?,
                        covered_secs: r.try_get("", "covered")?,
                        charge: charge.parse().unwrap_or_default(),
                    },
                );
            }
            return Ok(out);
        }
        for chunk in account_ids.chunks(CHUNK) {
            let rows: Vec<(Option<Uuid>, i64, i64, DbDecimal)> = cdrs::Entity::find()
                .select_only()
                .column(cdrs::Column::ServiceId)
                .column(cdrs::Column::BillableSecs)
                .column(cdrs::Column::CoveredSecs)
                .column(cdrs::Column::Charge)
                .filter(cdrs::Column::TenantId.eq(self.tid()))
                .filter(super::one_of(
                    self.db_backend(),
                    cdrs::Column::AccountId,
                    chunk,
                ))
                .filter(cdrs::Column::StartTime.gte(start))
                .filter(cdrs::Column::StartTime.lt(end))
                .filter(cdrs::Column::Status.eq(cdrs::CdrStatus::Rated))
                .filter(cdrs::Column::Late.eq(false))
                .into_tuple()
                .all(&self.tx)
                .await?;
            for (service, billable, covered, charge) in rows {
                let Some(service) = service else { continue };
                *out.entry(service).or_default() += &one_call(billable, covered, charge.0);
            }
        }
        Ok(out)
    }

    /// Per account: money received in `[start, end)` — every positive
    /// posting to the account that is not usage or an invoice (top-ups,
    /// payments, cards, credits).
    pub async fn received(
        &self,
        account_ids: &[Uuid],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<HashMap<Uuid, Decimal>, DbErr> {
        let mut out: HashMap<Uuid, Decimal> = HashMap::new();
        for chunk in account_ids.chunks(CHUNK) {
            let rows: Vec<(Option<Uuid>, DbDecimal)> = postings::Entity::find()
                .select_only()
                .column(postings::Column::AccountId)
                .column(postings::Column::Amount)
                .filter(postings::Column::TenantId.eq(self.tid()))
                .filter(super::one_of(
                    self.db_backend(),
                    postings::Column::AccountId,
                    chunk,
                ))
                .filter(postings::Column::CreatedAt.gte(start))
                .filter(postings::Column::CreatedAt.lt(end))
                .filter(postings::Column::Kind.ne("usage"))
                .filter(postings::Column::Kind.ne("invoice"))
                .into_tuple()
                .all(&self.tx)
                .await?;
            for (account, amount) in rows {
                let Some(account) = account else { continue };
                if amount.0.is_sign_positive() && !amount.0.is_zero() {
                    *out.entry(account).or_default() += amount.0;
                }
            }
        }
        Ok(out)
    }

    /// Per account: what its open invoices still ask for (due less paid).
    pub async fn open_amounts(
        &self,
        account_ids: &[Uuid],
    ) -> Result<HashMap<Uuid, Decimal>, DbErr> {
        let mut out: HashMap<Uuid, Decimal> = HashMap::new();
        for chunk in account_ids.chunks(CHUNK) {
            let rows: Vec<(Uuid, DbDecimal, DbDecimal)> = invoices::Entity::find()
                .select_only()
                .column(invoices::Column::AccountId)
                .column(invoices::Column::AmountDue)
                .column(invoices::Column::AmountPaid)
                .filter(invoices::Column::TenantId.eq(self.tid()))
                .filter(super::one_of(
                    self.db_backend(),
                    invoices::Column::AccountId,
                    chunk,
                ))
                .filter(invoices::Column::Status.eq(InvoiceStatus::Open))
                .into_tuple()
                .all(&self.tx)
                .await?;
            for (account, due, paid) in rows {
                *out.entry(account).or_default() += due.0 - paid.0;
            }
        }
        Ok(out)
    }

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
                    s(&r.tax_mode),
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
                    s(&r.kind),
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
    pub async fn invoice(&self, id: Uuid) -> Result<Option<invoices::Model>, DbErr> {
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
    pub async fn set_invoice_status(&self, id: Uuid, status: InvoiceStatus) -> Result<(), DbErr> {
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
        let q = q
            .order_by_desc(invoices::Column::IssuedOn)
            .order_by_desc(invoices::Column::Sequence);
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

    /// Inserts a bill run (`tenant_id` forced).
    pub async fn insert_bill_run(
        &self,
        mut m: bill_runs::Model,
    ) -> Result<bill_runs::Model, DbErr> {
        m.tenant_id = self.tid();
        bill_runs::ActiveModel::from(m).insert(&self.tx).await
    }

    /// A bill run.
    pub async fn bill_run(&self, id: Uuid) -> Result<Option<bill_runs::Model>, DbErr> {
        bill_runs::Entity::find_by_id((self.tid(), id))
            .one(&self.tx)
            .await
    }

    /// The bill run of a seller for a day.
    pub async fn bill_run_on(
        &self,
        seller: Uuid,
        as_of: NaiveDate,
    ) -> Result<Option<bill_runs::Model>, DbErr> {
        bill_runs::Entity::find()
            .filter(bill_runs::Column::TenantId.eq(self.tid()))
            .filter(bill_runs::Column::SellerId.eq(seller))
            .filter(bill_runs::Column::AsOf.eq(as_of))
            .one(&self.tx)
            .await
    }

    /// The latest bill runs of a seller.
    pub async fn list_bill_runs(
        &self,
        seller: Uuid,
        limit: u64,
    ) -> Result<Vec<bill_runs::Model>, DbErr> {
        bill_runs::Entity::find()
            .filter(bill_runs::Column::TenantId.eq(self.tid()))
            .filter(bill_runs::Column::SellerId.eq(seller))
            .order_by_desc(bill_runs::Column::StartedAt)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// Saves a bill run's progress.
    pub async fn update_bill_run(&self, m: bill_runs::Model) -> Result<(), DbErr> {
        let mut am: bill_runs::ActiveModel = m.clone().into();
        am.status = sea_orm::Set(m.status);
        am.total_accounts = sea_orm::Set(m.total_accounts);
        am.done_accounts = sea_orm::Set(m.done_accounts);
        am.invoices = sea_orm::Set(m.invoices);
        am.invoiced = sea_orm::Set(m.invoiced);
        am.finished_at = sea_orm::Set(m.finished_at);
        am.claimed_by = sea_orm::Set(m.claimed_by);
        am.claimed_until = sea_orm::Set(m.claimed_until);
        am.update(&self.tx).await.map(|_| ())
    }

    /// Leases a running bill run to `instance` until `now + lease`, if no
    /// other instance holds a live lease on it. `true` when leased.
    pub async fn lease_bill_run(
        &self,
        id: Uuid,
        instance: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> Result<bool, DbErr> {
        let done = bill_runs::Entity::update_many()
            .col_expr(bill_runs::Column::ClaimedBy, Expr::value(instance))
            .col_expr(bill_runs::Column::ClaimedUntil, Expr::value(now + lease))
            .filter(bill_runs::Column::TenantId.eq(self.tid()))
            .filter(bill_runs::Column::Id.eq(id))
            .filter(bill_runs::Column::Status.eq(BillRunStatus::Running))
            .filter(lease_open(instance, now))
            .exec(&self.tx)
            .await?;
        Ok(done.rows_affected == 1)
    }
}

/// A bill run `instance` may take: no lease, a lapsed one, or its own.
pub(super) fn lease_open(instance: &str, now: DateTime<Utc>) -> sea_orm::sea_query::Condition {
    sea_orm::sea_query::Condition::any()
        .add(bill_runs::Column::ClaimedUntil.is_null())
        .add(bill_runs::Column::ClaimedUntil.lt(now))
        .add(bill_runs::Column::ClaimedBy.eq(instance))
}

/// The usage of one rated call.
pub(super) fn one_call(billable_secs: i64, covered_secs: i64, charge: Decimal) -> ServiceUsage {
    ServiceUsage {
        calls: 1,
        billable_secs,
        covered_secs,
        charge,
    }
}
