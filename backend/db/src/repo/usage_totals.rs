//! Rated usage summed per day and service, for reports and the customer's
//! usage page, without loading the calls: PostgreSQL sums in SQL (`NUMERIC`
//! is exact); SQLite, which would sum the text money as floating point,
//! streams the few columns needed and sums them in `Decimal`, one row at a
//! time — memory stays flat whatever the number of calls.

use super::aggregates::{Sellers, Usage};
use crate::entities::decimal::DbDecimal;
use crate::entities::{accounts, cdr_charges, cdrs};
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::TryStreamExt;
use ringledger_shared::ids::{AccountId, ServiceId};
use ringledger_shared::rating::ServiceKind;
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Select,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Whose calls to sum.
#[derive(Debug, Clone, Copy)]
pub enum UsageScope<'a> {
    /// Every call of the tenant (the operator's view).
    Tenant,
    /// One account's.
    Account(AccountId),
    /// The accounts of these sellers.
    Sellers(&'a [Uuid]),
}

/// The rated calls of one service (or of none: a card in stock) on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageTotal {
    /// The day (UTC).
    pub day: NaiveDate,
    /// The service.
    pub service_id: Option<ServiceId>,
    /// Its kind.
    pub kind: ServiceKind,
    /// Rated calls.
    pub calls: u64,
    /// Billable seconds.
    pub billable_secs: u64,
    /// Seconds covered by allowances.
    pub covered_secs: u64,
    /// The sum of the calls' charges.
    pub charge: Decimal,
}

type Key = (NaiveDate, Option<ServiceId>, ServiceKind);

/// A row summed by PostgreSQL: day, service, kind, calls, billable and
/// covered seconds, charge.
type SummedRow = (
    String,
    Option<ServiceId>,
    ServiceKind,
    i64,
    i64,
    i64,
    DbDecimal,
);

impl Usage<'_> {
    /// The rated calls of `scope` started in `[start, end)`, summed per day
    /// and service.
    pub async fn usage_totals(
        &self,
        scope: UsageScope<'_>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<UsageTotal>, DbErr> {
        let q = self.rated_in(scope, start, end);
        match self.db_backend() {
            DbBackend::Postgres => self.summed_in_sql(q).await,
            _ => self.summed_streaming(q).await,
        }
    }

    fn rated_in(
        &self,
        scope: UsageScope<'_>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Select<cdrs::Entity> {
        let q = cdrs::Entity::find()
            .filter(cdrs::Column::TenantId.eq(self.tid()))
            .filter(cdrs::Column::Status.eq(cdrs::CdrStatus::Rated))
            .filter(cdrs::Column::StartTime.gte(start))
            .filter(cdrs::Column::StartTime.lt(end));
        match scope {
            UsageScope::Tenant => q,
            UsageScope::Account(a) => q.filter(cdrs::Column::AccountId.eq(a)),
            UsageScope::Sellers(sellers) => {
                let of_sellers = accounts::Entity::find()
                    .select_only()
                    .column(accounts::Column::Id)
                    .filter(accounts::Column::TenantId.eq(self.tid()))
                    .filter(accounts::Column::SellerId.is_in(sellers.iter().copied()))
                    .into_query();
                q.filter(cdrs::Column::AccountId.in_subquery(of_sellers))
            }
        }
    }

    async fn summed_in_sql(&self, q: Select<cdrs::Entity>) -> Result<Vec<UsageTotal>, DbErr> {
        let day = Expr::cust("to_char(start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD')");
        let rows: Vec<SummedRow> = q
            .select_only()
            .column_as(day.clone(), "day")
            .column(cdrs::Column::ServiceId)
            .column(cdrs::Column::ServiceKind)
            .column_as(Expr::cust("COUNT(*)"), "calls")
            .column_as(
                Expr::cust("COALESCE(SUM(billable_secs), 0)::BIGINT"),
                "billable",
            )
            .column_as(
                Expr::cust("COALESCE(SUM(covered_secs), 0)::BIGINT"),
                "covered",
            )
            .column_as(Expr::cust("SUM(charge)"), "charge")
            .group_by(day)
            .group_by(cdrs::Column::ServiceId)
            .group_by(cdrs::Column::ServiceKind)
            .into_tuple()
            .all(&self.tx)
            .await?;
        rows.into_iter()
            .map(
                |(day, service_id, kind, calls, billable, covered, charge)| {
                    Ok(UsageTotal {
                        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                            .map_err(|e| DbErr::Type(format!("day `{day}`: {e}")))?,
                        service_id,
                        kind,
                        calls: calls.max(0) as u64,
                        billable_secs: billable.max(0) as u64,
                        covered_secs: covered.max(0) as u64,
                        charge: charge.0,
                    })
                },
            )
            .collect()
    }

    async fn summed_streaming(&self, q: Select<cdrs::Entity>) -> Result<Vec<UsageTotal>, DbErr> {
        let mut sums: HashMap<Key, UsageTotal> = HashMap::new();
        let mut rows = q
            .select_only()
            .column(cdrs::Column::StartTime)
            .column(cdrs::Column::ServiceId)
            .column(cdrs::Column::ServiceKind)
            .column(cdrs::Column::BillableSecs)
            .column(cdrs::Column::CoveredSecs)
            .column(cdrs::Column::Charge)
            .into_tuple::<(
                DateTime<Utc>,
                Option<ServiceId>,
                ServiceKind,
                i64,
                i64,
                DbDecimal,
            )>()
            .stream(&self.tx)
            .await?;
        while let Some((at, service_id, kind, billable, covered, charge)) = rows.try_next().await? {
            let day = at.date_naive();
            let t = sums.entry((day, service_id, kind)).or_insert(UsageTotal {
                day,
                service_id,
                kind,
                calls: 0,
                billable_secs: 0,
                covered_secs: 0,
                charge: Decimal::ZERO,
            });
            t.calls += 1;
            t.billable_secs += billable.max(0) as u64;
            t.covered_secs += covered.max(0) as u64;
            t.charge += charge.0;
        }
        let mut out: Vec<UsageTotal> = sums.into_values().collect();
        out.sort_by_key(|t| (t.day, t.kind.as_str(), t.service_id.map(|s| s.as_uuid())));
        Ok(out)
    }
}

/// What sellers were charged for their chain's calls on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeTotal {
    /// The day (UTC).
    pub day: NaiveDate,
    /// Charged calls.
    pub calls: u64,
    /// The sum of the charges.
    pub charge: Decimal,
}

impl Sellers<'_> {
    /// The per-level charges of `sellers` (what each owes its parent) for
    /// calls started in `[start, end)`, summed per day — in SQL on
    /// PostgreSQL, streamed on SQLite.
    pub async fn level_charge_totals(
        &self,
        sellers: &[Uuid],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<ChargeTotal>, DbErr> {
        if sellers.is_empty() {
            return Ok(Vec::new());
        }
        let q = cdr_charges::Entity::find()
            .filter(cdr_charges::Column::TenantId.eq(self.tid()))
            .filter(cdr_charges::Column::SellerId.is_in(sellers.iter().copied()))
            .filter(cdr_charges::Column::StartTime.gte(start))
            .filter(cdr_charges::Column::StartTime.lt(end));
        if self.db_backend() == DbBackend::Postgres {
            let day = Expr::cust("to_char(start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD')");
            let rows: Vec<(String, i64, DbDecimal)> = q
                .select_only()
                .column_as(day.clone(), "day")
                .column_as(Expr::cust("COUNT(*)"), "calls")
                .column_as(Expr::cust("SUM(charge)"), "charge")
                .group_by(day)
                .into_tuple()
                .all(&self.tx)
                .await?;
            let mut out = rows
                .into_iter()
                .map(|(day, calls, charge)| {
                    Ok(ChargeTotal {
                        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                            .map_err(|e| DbErr::Type(format!("day `{day}`: {e}")))?,
                        calls: calls.max(0) as u64,
                        charge: charge.0,
                    })
                })
                .collect::<Result<Vec<_>, DbErr>>()?;
            out.sort_by_key(|t| t.day);
            return Ok(out);
        }
        let mut sums: HashMap<NaiveDate, ChargeTotal> = HashMap::new();
        let mut rows = q
            .select_only()
            .column(cdr_charges::Column::StartTime)
            .column(cdr_charges::Column::Charge)
            .into_tuple::<(DateTime<Utc>, DbDecimal)>()
            .stream(&self.tx)
            .await?;
        while let Some((at, charge)) = rows.try_next().await? {
            let day = at.date_naive();
            let t = sums.entry(day).or_insert(ChargeTotal {
                day,
                calls: 0,
                charge: Decimal::ZERO,
            });
            t.calls += 1;
            t.charge += charge.0;
        }
        let mut out: Vec<ChargeTotal> = sums.into_values().collect();
        out.sort_by_key(|t| t.day);
        Ok(out)
    }
}
