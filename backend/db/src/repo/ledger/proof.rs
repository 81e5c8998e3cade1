//! What the books check reads: every account, rated record, invoice and
//! posting sum, in pages or in bulk.

use super::*;
use ringledger_shared::ids::AccountId;

/// A rated record as the books check reads it.
#[derive(Debug, Clone)]
pub struct RatedRecord {
    /// The CDR.
    pub id: Uuid,
    /// Its customer account.
    pub account: Option<AccountId>,
    /// The customer's charge.
    pub charge: Decimal,
    /// The usage journal that posted it.
    pub journal: Option<Uuid>,
    /// When the call started.
    pub start: DateTime<Utc>,
    /// Arrived after its period was billed.
    pub late: bool,
    /// The invoice that billed it when it was late.
    pub invoice: Option<Uuid>,
}

impl Ledger<'_> {
    /// Every account of the tenant.
    pub async fn all_accounts(&self) -> Result<Vec<accounts::Model>, DbErr> {
        accounts::Entity::find()
            .filter(accounts::Column::TenantId.eq(self.tid()))
            .all(&self.tx)
            .await
    }

    /// Rated records after `after` (by id), at most `limit`.
    pub async fn rated_records_page(
        &self,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<Vec<RatedRecord>, DbErr> {
        use crate::entities::cdrs;
        let mut q = cdrs::Entity::find()
            .select_only()
            .column(cdrs::Column::Id)
            .column(cdrs::Column::AccountId)
            .column(cdrs::Column::Charge)
            .column(cdrs::Column::JournalId)
            .column(cdrs::Column::StartTime)
            .column(cdrs::Column::Late)
            .column(cdrs::Column::InvoiceId)
            .filter(cdrs::Column::TenantId.eq(self.tid()))
            .filter(cdrs::Column::Status.eq(cdrs::CdrStatus::Rated));
        if let Some(a) = after {
            q = q.filter(cdrs::Column::Id.gt(a));
        }
        type Row = (
            Uuid,
            Option<Uuid>,
            DbDecimal,
            Option<Uuid>,
            DateTime<Utc>,
            bool,
            Option<Uuid>,
        );
        let rows: Vec<Row> = q
            .order_by_asc(cdrs::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(&self.tx)
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, account, charge, journal, start, late, invoice)| RatedRecord {
                    id,
                    account: account.map(Into::into),
                    charge: charge.0,
                    journal,
                    start,
                    late,
                    invoice,
                },
            )
            .collect())
    }

    /// Every invoice of the tenant.
    pub async fn all_invoices(&self) -> Result<Vec<crate::entities::invoices::Model>, DbErr> {
        use crate::entities::invoices;
        invoices::Entity::find()
            .filter(invoices::Column::TenantId.eq(self.tid()))
            .all(&self.tx)
            .await
    }

    /// Per account among `ids`: the sum of its postings (in SQL on
    /// PostgreSQL; SQLite's decimals are text, summed here).
    pub async fn posting_sums(
        &self,
        ids: &[AccountId],
    ) -> Result<HashMap<AccountId, Decimal>, DbErr> {
        let mut out: HashMap<AccountId, Decimal> = HashMap::new();
        for chunk in ids.chunks(1_000) {
            if self.db_backend() == DbBackend::Postgres {
                let rows = self
                    .tx
                    .query_all_raw(Statement::from_sql_and_values(
                        DbBackend::Postgres,
                        "SELECT account_id, SUM(amount)::text AS total FROM postings \
                         WHERE tenant_id = $1 AND account_id = ANY($2::uuid[]) GROUP BY account_id",
                        vec![self.tid().into(), chunk.to_vec().into()],
                    ))
                    .await?;
                for r in rows {
                    let total: String = r.try_get("", "total")?;
                    out.insert(
                        r.try_get("", "account_id")?,
                        total.parse().unwrap_or_default(),
                    );
                }
                continue;
            }
            let rows: Vec<(Option<Uuid>, DbDecimal)> = postings::Entity::find()
                .select_only()
                .column(postings::Column::AccountId)
                .column(postings::Column::Amount)
                .filter(postings::Column::TenantId.eq(self.tid()))
                .filter(postings::Column::AccountId.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(&self.tx)
                .await?;
            for (a, amount) in rows {
                if let Some(a) = a {
                    *out.entry(a.into()).or_default() += amount.0;
                }
            }
        }
        Ok(out)
    }

    /// A seller's books over `[start, end)`: per book, the balance before
    /// `start`, and the period's debits (negative postings) and credits.
    /// One aggregate on PostgreSQL; SQLite's decimals are text, summed here.
    pub async fn book_totals(
        &self,
        seller: Uuid,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<(String, Decimal, Decimal, Decimal)>, DbErr> {
        if self.db_backend() == DbBackend::Postgres {
            let rows = self
                .tx
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT book, \
                       COALESCE(SUM(amount) FILTER (WHERE created_at < $3), 0)::text AS opening, \
                       COALESCE(SUM(amount) FILTER (WHERE created_at >= $3 AND amount < 0), 0)::text AS debits, \
                       COALESCE(SUM(amount) FILTER (WHERE created_at >= $3 AND amount > 0), 0)::text AS credits \
                     FROM postings WHERE tenant_id = $1 AND seller_id = $2 AND created_at < $4 \
                     GROUP BY book",
                    vec![self.tid().into(), seller.into(), start.into(), end.into()],
                ))
                .await?;
            let dec = |r: &sea_orm::QueryResult, c: &str| -> Result<Decimal, DbErr> {
                let s: String = r.try_get("", c)?;
                s.parse().map_err(|e| DbErr::Type(format!("{c}: {e}")))
            };
            return rows
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get("", "book")?,
                        dec(r, "opening")?,
                        dec(r, "debits")?,
                        dec(r, "credits")?,
                    ))
                })
                .collect();
        }
        let mut books: HashMap<String, (Decimal, Decimal, Decimal)> = HashMap::new();
        let mut after = None;
        loop {
            let page = self
                .postings_page(
                    Some(seller),
                    ringledger_shared::ledger::BEGINNING,
                    end,
                    after,
                    20_000,
                )
                .await?;
            for p in &page {
                let e = books.entry(p.book.clone()).or_default();
                let a = p.amount.0;
                if p.created_at < start {
                    e.0 += a;
                } else if a.is_sign_negative() {
                    e.1 += a;
                } else {
                    e.2 += a;
                }
            }
            let done = page.len() < 20_000;
            after = page.last().map(|p| (p.created_at, p.id));
            if done {
                break;
            }
        }
        Ok(books
            .into_iter()
            .map(|(book, (o, d, c))| (book, o, d, c))
            .collect())
    }

    /// The usage journals carried over from the one-sided ledger.
    pub async fn legacy_usage_journals(&self) -> Result<HashSet<Uuid>, DbErr> {
        let ids: Vec<Uuid> = journals::Entity::find()
            .select_only()
            .column(journals::Column::Id)
            .filter(journals::Column::TenantId.eq(self.tid()))
            .filter(journals::Column::IdempotencyKey.starts_with("legacy:usage:"))
            .into_tuple()
            .all(&self.tx)
            .await?;
        Ok(ids.into_iter().collect())
    }

    /// Every journal of some kinds.
    pub async fn journals_of_kinds(
        &self,
        kinds: &[JournalKind],
    ) -> Result<Vec<journals::Model>, DbErr> {
        journals::Entity::find()
            .filter(journals::Column::TenantId.eq(self.tid()))
            .filter(journals::Column::Kind.is_in(kinds.iter().copied()))
            .all(&self.tx)
            .await
    }
}
