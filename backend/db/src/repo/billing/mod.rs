//! Bills: sellers' numbering counters, what an invoice is made of (read in
//! bulk for a chunk of accounts), invoices, lines, credit notes, bill runs.
//! Every query filters on the transaction's tenant.

use super::aggregates::Billing;
use super::bulk::{Col, Unnest, col, null, opt, s, ts};
use crate::entities::decimal::DbDecimal;
use crate::entities::{
    accounts, bill_runs, cdrs, credit_notes, customers, invoice_lines, invoices, one_off_charges,
    postings, sellers, tax_rates,
};
use chrono::{DateTime, NaiveDate, Utc};
use ringledger_shared::billing::ServiceUsage;
use ringledger_shared::ids::{AccountId, CustomerId, InvoiceId};
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

/// An invoice page filter.
#[derive(Debug, Default, Clone)]
pub struct InvoiceFilter {
    /// `open`, `paid`, `void`, `overdue` (open and past due) or none.
    pub status: Option<String>,
    /// One account's invoices.
    pub account_id: Option<AccountId>,
    /// Invoices of these sellers (a staff member's scope).
    pub sellers: Option<Vec<Uuid>>,
    /// Today, for `overdue`.
    pub today: Option<NaiveDate>,
    /// The order (default: newest first): `number`, `issued_on`,
    /// `due_on`, `total` or `status`.
    pub sort: Option<ringledger_shared::api::sort::Sort>,
}

mod issued;
mod runs;
mod usage;

impl Billing<'_> {
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

    /// Saves a seller's invoicing settings.
    pub async fn update_seller_billing(&self, s: sellers::Model) -> Result<(), DbErr> {
        let mut am: sellers::ActiveModel = s.clone().into();
        am.invoice_prefix = sea_orm::Set(s.invoice_prefix);
        am.address = sea_orm::Set(s.address);
        am.tax_id = sea_orm::Set(s.tax_id);
        am.tax_mode = sea_orm::Set(s.tax_mode);
        am.payment_terms_days = sea_orm::Set(s.payment_terms_days);
        am.mask_called_digits = sea_orm::Set(s.mask_called_digits);
        am.itemized_invoices = sea_orm::Set(s.itemized_invoices);
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
        account_ids: &[AccountId],
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
    pub async fn customers_by_ids(
        &self,
        ids: &[CustomerId],
    ) -> Result<Vec<customers::Model>, DbErr> {
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

    /// One-off charges and credits of some accounts not billed yet, made
    /// before `before`.
    pub async fn unbilled_one_offs(
        &self,
        account_ids: &[AccountId],
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
    pub async fn bill_one_offs(&self, ids: &[Uuid], invoice: InvoiceId) -> Result<(), DbErr> {
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
