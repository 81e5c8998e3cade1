//! A customer's own calls (issue 24): its account's rated CDRs, newest
//! first, by service, period and number called; and those an invoice
//! bills, for its itemized appendix.

use super::aggregates::Usage;
use crate::entities::cdrs;
use chrono::{DateTime, Utc};
use ringledger_shared::ids::{AccountId, InvoiceId, ServiceId};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Which of an account's calls to read.
#[derive(Debug, Clone, Copy)]
pub struct CallQuery<'a> {
    /// The account whose calls are read.
    pub account: AccountId,
    /// Only this service's calls.
    pub service: Option<ServiceId>,
    /// Part of the number called (as stored: E.164 digits).
    pub number: &'a str,
    /// From this instant, inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Until this instant, exclusive.
    pub to: Option<DateTime<Utc>>,
    /// Rows to skip.
    pub offset: u64,
    /// Rows to read.
    pub limit: u64,
}

impl Usage<'_> {
    /// The rated calls an invoice of `account` for `[start, end)` bills —
    /// those of the period that came in time and the late ones billed on
    /// `invoice` — by service, then time; at most `limit`.
    pub async fn invoice_calls(
        &self,
        account: AccountId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        invoice: InvoiceId,
        limit: u64,
    ) -> Result<Vec<cdrs::Model>, DbErr> {
        let in_time = Condition::all()
            .add(cdrs::Column::StartTime.gte(start))
            .add(cdrs::Column::StartTime.lt(end))
            .add(cdrs::Column::Late.eq(false));
        cdrs::Entity::find()
            .filter(cdrs::Column::TenantId.eq(self.tid()))
            .filter(cdrs::Column::AccountId.eq(account))
            .filter(cdrs::Column::Status.eq(cdrs::CdrStatus::Rated))
            .filter(
                Condition::any()
                    .add(in_time)
                    .add(cdrs::Column::InvoiceId.eq(invoice)),
            )
            .order_by_asc(cdrs::Column::ServiceId)
            .order_by_asc(cdrs::Column::StartTime)
            .order_by_asc(cdrs::Column::Id)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// The account's rated calls matching `q`, newest first, and how many
    /// match in all (the index on `(tenant_id, account_id, start_time)`
    /// serves both).
    pub async fn account_calls(&self, q: &CallQuery<'_>) -> Result<(Vec<cdrs::Model>, u64), DbErr> {
        let mut find = cdrs::Entity::find()
            .filter(cdrs::Column::TenantId.eq(self.tid()))
            .filter(cdrs::Column::AccountId.eq(q.account))
            .filter(cdrs::Column::Status.eq(cdrs::CdrStatus::Rated));
        if let Some(s) = q.service {
            find = find.filter(cdrs::Column::ServiceId.eq(s));
        }
        let number = q.number.trim();
        if !number.is_empty() {
            find = find
                .filter(Expr::col(cdrs::Column::Destination).like(super::contains_pattern(number)));
        }
        if let Some(f) = q.from {
            find = find.filter(cdrs::Column::StartTime.gte(f));
        }
        if let Some(t) = q.to {
            find = find.filter(cdrs::Column::StartTime.lt(t));
        }
        let total = find.clone().count(&self.tx).await?;
        let items = find
            .order_by_desc(cdrs::Column::StartTime)
            .order_by_desc(cdrs::Column::Id)
            .offset(q.offset)
            .limit(q.limit)
            .all(&self.tx)
            .await?;
        Ok((items, total))
    }
}
