//! What an invoice is made of, read in bulk for a chunk of accounts: the
//! periods already closed, late calls, usage per service, payments received
//! and open amounts.

use super::*;
use ringledger_shared::ids::{AccountId, InvoiceId};
use ringledger_shared::ledger::JournalKind;

/// A late record as read: id, account, service, billable and covered
/// seconds, charge.
type LateRow = (Uuid, Option<Uuid>, Option<Uuid>, i64, i64, DbDecimal);

impl Billing<'_> {
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
            .filter(super::super::one_of(
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
            .filter(super::super::one_of(
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
    pub async fn bill_late(&self, cdr_ids: &[Uuid], invoice: InvoiceId) -> Result<bool, DbErr> {
        if cdr_ids.is_empty() {
            return Ok(true);
        }
        let done = cdrs::Entity::update_many()
            .col_expr(cdrs::Column::InvoiceId, Expr::value(invoice))
            .filter(cdrs::Column::TenantId.eq(self.tid()))
            .filter(super::super::one_of(
                self.db_backend(),
                cdrs::Column::Id,
                cdr_ids,
            ))
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
        account_ids: &[AccountId],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<HashMap<Uuid, ServiceUsage>, DbErr> {
        let mut out: HashMap<Uuid, ServiceUsage> = HashMap::new();
        if account_ids.is_empty() {
            return Ok(out);
        }
        if self.is_pg() {
            let ids: Vec<String> = account_ids.iter().map(ToString::to_string).collect();
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
                .filter(super::super::one_of(
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
        account_ids: &[AccountId],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<HashMap<AccountId, Decimal>, DbErr> {
        let mut out: HashMap<AccountId, Decimal> = HashMap::new();
        for chunk in account_ids.chunks(CHUNK) {
            let rows: Vec<(Option<Uuid>, DbDecimal)> = postings::Entity::find()
                .select_only()
                .column(postings::Column::AccountId)
                .column(postings::Column::Amount)
                .filter(postings::Column::TenantId.eq(self.tid()))
                .filter(super::super::one_of(
                    self.db_backend(),
                    postings::Column::AccountId,
                    chunk,
                ))
                .filter(postings::Column::CreatedAt.gte(start))
                .filter(postings::Column::CreatedAt.lt(end))
                .filter(postings::Column::Kind.ne(JournalKind::Usage))
                .filter(postings::Column::Kind.ne(JournalKind::Invoice))
                .into_tuple()
                .all(&self.tx)
                .await?;
            for (account, amount) in rows {
                let Some(account) = account else { continue };
                if amount.0.is_sign_positive() && !amount.0.is_zero() {
                    *out.entry(account.into()).or_default() += amount.0;
                }
            }
        }
        Ok(out)
    }

    /// Per account: what its open invoices still ask for (due less paid).
    pub async fn open_amounts(
        &self,
        account_ids: &[AccountId],
    ) -> Result<HashMap<AccountId, Decimal>, DbErr> {
        let mut out: HashMap<AccountId, Decimal> = HashMap::new();
        for chunk in account_ids.chunks(CHUNK) {
            let rows: Vec<(Uuid, DbDecimal, DbDecimal)> = invoices::Entity::find()
                .select_only()
                .column(invoices::Column::AccountId)
                .column(invoices::Column::AmountDue)
                .column(invoices::Column::AmountPaid)
                .filter(invoices::Column::TenantId.eq(self.tid()))
                .filter(super::super::one_of(
                    self.db_backend(),
                    invoices::Column::AccountId,
                    chunk,
                ))
                .filter(invoices::Column::Status.eq(InvoiceStatus::Open))
                .into_tuple()
                .all(&self.tx)
                .await?;
            for (account, due, paid) in rows {
                *out.entry(account.into()).or_default() += due.0 - paid.0;
            }
        }
        Ok(out)
    }
}
