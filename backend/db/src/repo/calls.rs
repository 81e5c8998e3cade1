//! A customer's own calls (issue 24): its account's rated CDRs, newest
//! first, by service, period and number called.

use super::aggregates::Usage;
use crate::entities::cdrs;
use chrono::{DateTime, Utc};
use ringledger_shared::ids::{AccountId, ServiceId};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
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
