//! Payments: a seller's Stripe connection, accounts' saved cards, payments,
//! refunds and the webhook events already processed. Every query filters on
//! the transaction's tenant.

use super::PlatformTx;
use super::aggregates::Payments;
use crate::entities::decimal::DbDecimal;
use crate::entities::{
    accounts, invoices, payment_gateways, payment_profiles, payments, platform_stripe_events,
    refunds, sellers, stripe_events, tenants,
};
use chrono::{DateTime, NaiveDate, Utc};
use ringledger_shared::ids::{AccountId, PaymentId};
use ringledger_shared::status::{InvoiceStatus, PaymentStatus};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

/// What `Payments::list` returns: the payments of accounts of these sellers
/// (all when `None`), in a status, by a method, in a period.
#[derive(Debug, Clone, Default)]
pub struct PaymentFilter {
    /// The staff member's sellers; `None` for the operator's (whole tenant).
    pub sellers: Option<Vec<Uuid>>,
    /// One status.
    pub status: Option<PaymentStatus>,
    /// Only payments refunded (in part or in full).
    pub refunded: bool,
    /// One method.
    pub method: Option<ringledger_shared::status::PaymentMethod>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    pub to: Option<DateTime<Utc>>,
    /// One account's.
    pub account: Option<AccountId>,
}

impl Payments<'_> {
    /// The payments matching `f`, newest first, and how many match in all.
    pub async fn list(
        &self,
        f: &PaymentFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<payments::Model>, u64), DbErr> {
        use sea_orm::PaginatorTrait;
        use sea_orm::sea_query::Query;
        let mut q = payments::Entity::find().filter(payments::Column::TenantId.eq(self.tid()));
        if let Some(sellers) = &f.sellers {
            q = q.filter(
                payments::Column::AccountId.in_subquery(
                    Query::select()
                        .column(accounts::Column::Id)
                        .from(accounts::Entity)
                        .and_where(accounts::Column::TenantId.eq(self.tid()))
                        .and_where(accounts::Column::SellerId.is_in(sellers.iter().copied()))
                        .to_owned(),
                ),
            );
        }
        if let Some(status) = f.status {
            q = q.filter(payments::Column::Status.eq(status));
        }
        if f.refunded {
            // Amounts are text on SQLite: ask the refunds, not `refunded > 0`.
            q = q.filter(
                payments::Column::Id.in_subquery(
                    Query::select()
                        .column(refunds::Column::PaymentId)
                        .from(refunds::Entity)
                        .and_where(refunds::Column::TenantId.eq(self.tid()))
                        .and_where(
                            refunds::Column::Status
                                .eq(ringledger_shared::status::RefundStatus::Succeeded),
                        )
                        .to_owned(),
                ),
            );
        }
        if let Some(method) = f.method {
            q = q.filter(payments::Column::Method.eq(method));
        }
        if let Some(from) = f.from {
            q = q.filter(payments::Column::CreatedAt.gte(from));
        }
        if let Some(to) = f.to {
            q = q.filter(payments::Column::CreatedAt.lt(to));
        }
        if let Some(account) = f.account {
            q = q.filter(payments::Column::AccountId.eq(account));
        }
        let total = q.clone().count(&self.tx).await?;
        let rows = q
            .order_by_desc(payments::Column::CreatedAt)
            .order_by_desc(payments::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(&self.tx)
            .await?;
        Ok((rows, total))
    }

    /// The seller's Stripe connection.
    pub async fn gateway(&self, seller: Uuid) -> Result<Option<payment_gateways::Model>, DbErr> {
        payment_gateways::Entity::find_by_id((self.tid(), seller))
            .one(&self.tx)
            .await
    }

    /// Every seller's Stripe connection.
    pub async fn gateways(&self) -> Result<Vec<payment_gateways::Model>, DbErr> {
        payment_gateways::Entity::find()
            .filter(payment_gateways::Column::TenantId.eq(self.tid()))
            .all(&self.tx)
            .await
    }

    /// Replaces the seller's Stripe connection.
    pub async fn save_gateway(&self, mut m: payment_gateways::Model) -> Result<(), DbErr> {
        m.tenant_id = self.tid();
        self.delete_gateway(m.seller_id).await?;
        payment_gateways::ActiveModel::from(m)
            .insert(&self.tx)
            .await
            .map(|_| ())
    }

    /// Removes the seller's Stripe connection.
    pub async fn delete_gateway(&self, seller: Uuid) -> Result<(), DbErr> {
        payment_gateways::Entity::delete_many()
            .filter(payment_gateways::Column::TenantId.eq(self.tid()))
            .filter(payment_gateways::Column::SellerId.eq(seller))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Sets a seller's grace days.
    pub async fn set_grace_days(&self, seller: Uuid, days: i32) -> Result<(), DbErr> {
        sellers::Entity::update_many()
            .col_expr(sellers::Column::GraceDays, Expr::value(days))
            .filter(sellers::Column::TenantId.eq(self.tid()))
            .filter(sellers::Column::Id.eq(seller))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// An account's payment profile.
    pub async fn profile(
        &self,
        account: AccountId,
    ) -> Result<Option<payment_profiles::Model>, DbErr> {
        payment_profiles::Entity::find_by_id((self.tid(), account))
            .one(&self.tx)
            .await
    }

    /// Writes an account's payment profile.
    pub async fn save_profile(&self, mut m: payment_profiles::Model) -> Result<(), DbErr> {
        m.tenant_id = self.tid();
        let exists = self.profile(m.account_id).await?.is_some();
        let am = m.into_active_model();
        if exists {
            let mut am = am.reset_all();
            am.tenant_id = sea_orm::ActiveValue::Unchanged(self.tid());
            am.update(&self.tx).await.map(|_| ())
        } else {
            am.insert(&self.tx).await.map(|_| ())
        }
    }

    /// The profiles of `accounts` with auto top-up on and a saved card.
    pub async fn auto_top_up_profiles(
        &self,
        accounts: &[AccountId],
    ) -> Result<Vec<payment_profiles::Model>, DbErr> {
        if accounts.is_empty() {
            return Ok(Vec::new());
        }
        payment_profiles::Entity::find()
            .filter(payment_profiles::Column::TenantId.eq(self.tid()))
            .filter(super::one_of(
                self.db_backend(),
                payment_profiles::Column::AccountId,
                accounts,
            ))
            .filter(payment_profiles::Column::AutoTopUp.eq(true))
            .filter(payment_profiles::Column::PaymentMethodId.is_not_null())
            .all(&self.tx)
            .await
    }

    /// The profiles of `accounts` with a saved card.
    pub async fn card_profiles(
        &self,
        accounts: &[AccountId],
    ) -> Result<Vec<payment_profiles::Model>, DbErr> {
        if accounts.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for chunk in accounts.chunks(1_000) {
            out.extend(
                payment_profiles::Entity::find()
                    .filter(payment_profiles::Column::TenantId.eq(self.tid()))
                    .filter(super::one_of(
                        self.db_backend(),
                        payment_profiles::Column::AccountId,
                        chunk,
                    ))
                    .filter(payment_profiles::Column::PaymentMethodId.is_not_null())
                    .all(&self.tx)
                    .await?,
            );
        }
        Ok(out)
    }

    /// Records a payment (`tenant_id` forced).
    pub async fn insert_payment(&self, mut m: payments::Model) -> Result<payments::Model, DbErr> {
        m.tenant_id = self.tid();
        payments::ActiveModel::from(m).insert(&self.tx).await
    }

    /// Records payments in bulk (`tenant_id` forced).
    pub async fn insert_payments(&self, rows: Vec<payments::Model>) -> Result<(), DbErr> {
        for chunk in rows.chunks(1_000) {
            payments::Entity::insert_many(chunk.iter().cloned().map(|mut r| {
                r.tenant_id = self.tid();
                payments::ActiveModel::from(r)
            }))
            .exec(&self.tx)
            .await?;
        }
        Ok(())
    }

    /// A payment.
    pub async fn payment(&self, id: PaymentId) -> Result<Option<payments::Model>, DbErr> {
        payments::Entity::find_by_id((self.tid(), id))
            .one(&self.tx)
            .await
    }

    /// The payment of a Checkout Session.
    pub async fn payment_by_session(
        &self,
        session: &str,
    ) -> Result<Option<payments::Model>, DbErr> {
        payments::Entity::find()
            .filter(payments::Column::TenantId.eq(self.tid()))
            .filter(payments::Column::CheckoutSessionId.eq(session))
            .one(&self.tx)
            .await
    }

    /// The payment of a PaymentIntent.
    pub async fn payment_by_intent(&self, intent: &str) -> Result<Option<payments::Model>, DbErr> {
        payments::Entity::find()
            .filter(payments::Column::TenantId.eq(self.tid()))
            .filter(payments::Column::PaymentIntentId.eq(intent))
            .one(&self.tx)
            .await
    }

    /// Saves a changed payment.
    pub async fn update_payment(&self, m: payments::Model) -> Result<payments::Model, DbErr> {
        let mut am = m.into_active_model().reset_all();
        am.tenant_id = sea_orm::ActiveValue::Unchanged(self.tid());
        am.update(&self.tx).await
    }

    /// An account's payments, newest first.
    pub async fn payments_of_account(
        &self,
        account: AccountId,
        limit: u64,
    ) -> Result<Vec<payments::Model>, DbErr> {
        payments::Entity::find()
            .filter(payments::Column::TenantId.eq(self.tid()))
            .filter(payments::Column::AccountId.eq(account))
            .order_by_desc(payments::Column::CreatedAt)
            .order_by_desc(payments::Column::Id)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// An invoice's payments and attempts, oldest first.
    pub async fn payments_of_invoice(&self, invoice: Uuid) -> Result<Vec<payments::Model>, DbErr> {
        payments::Entity::find()
            .filter(payments::Column::TenantId.eq(self.tid()))
            .filter(payments::Column::InvoiceId.eq(invoice))
            .order_by_asc(payments::Column::CreatedAt)
            .all(&self.tx)
            .await
    }

    /// A pending payment of the account for `purpose`, if one is under way.
    pub async fn pending_payment(
        &self,
        account: AccountId,
        purpose: &str,
    ) -> Result<Option<payments::Model>, DbErr> {
        payments::Entity::find()
            .filter(payments::Column::TenantId.eq(self.tid()))
            .filter(payments::Column::AccountId.eq(account))
            .filter(payments::Column::Purpose.eq(purpose))
            .filter(payments::Column::Status.eq(PaymentStatus::Pending))
            .one(&self.tx)
            .await
    }

    /// Records a refund.
    pub async fn insert_refund(&self, mut m: refunds::Model) -> Result<refunds::Model, DbErr> {
        m.tenant_id = self.tid();
        refunds::ActiveModel::from(m).insert(&self.tx).await
    }

    /// A refund.
    pub async fn refund(&self, id: Uuid) -> Result<Option<refunds::Model>, DbErr> {
        refunds::Entity::find_by_id((self.tid(), id))
            .one(&self.tx)
            .await
    }

    /// Saves a changed refund.
    pub async fn update_refund(&self, m: refunds::Model) -> Result<(), DbErr> {
        let mut am = m.into_active_model().reset_all();
        am.tenant_id = sea_orm::ActiveValue::Unchanged(self.tid());
        am.update(&self.tx).await.map(|_| ())
    }

    /// The refunds of some payments, oldest first.
    pub async fn refunds_of(
        &self,
        payments_ids: &[PaymentId],
    ) -> Result<Vec<refunds::Model>, DbErr> {
        // In chunks: an export asks for tens of thousands of payments, more
        // than SQLite binds in one statement.
        let mut out = Vec::new();
        for chunk in payments_ids.chunks(1_000) {
            out.extend(
                refunds::Entity::find()
                    .filter(refunds::Column::TenantId.eq(self.tid()))
                    .filter(super::one_of(
                        self.db_backend(),
                        refunds::Column::PaymentId,
                        chunk,
                    ))
                    .order_by_asc(refunds::Column::CreatedAt)
                    .all(&self.tx)
                    .await?,
            );
        }
        Ok(out)
    }

    /// Whether a webhook event was already processed.
    pub async fn stripe_event_seen(&self, id: &str) -> Result<bool, DbErr> {
        Ok(
            stripe_events::Entity::find_by_id((self.tid(), id.to_owned()))
                .one(&self.tx)
                .await?
                .is_some(),
        )
    }

    /// Remembers a webhook event; `false` if it was already processed.
    pub async fn record_event(
        &self,
        id: &str,
        kind: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let am = stripe_events::ActiveModel {
            tenant_id: Set(self.tid()),
            event_id: Set(id.chars().take(128).collect()),
            event_type: Set(kind.chars().take(64).collect()),
            received_at: Set(now),
        };
        let n = stripe_events::Entity::insert(am)
            .on_conflict(
                OnConflict::columns([
                    stripe_events::Column::TenantId,
                    stripe_events::Column::EventId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&self.tx)
            .await?;
        Ok(n == 1)
    }

    /// Records what has been paid on an invoice (and `paid` once covered).
    pub async fn set_invoice_paid(
        &self,
        id: Uuid,
        amount_paid: rust_decimal::Decimal,
        status: InvoiceStatus,
        paid_at: Option<DateTime<Utc>>,
    ) -> Result<(), DbErr> {
        invoices::Entity::update_many()
            .col_expr(
                invoices::Column::AmountPaid,
                Expr::value(DbDecimal(amount_paid)),
            )
            .col_expr(invoices::Column::Status, Expr::value(status))
            .col_expr(invoices::Column::PaidAt, Expr::value(paid_at))
            .filter(invoices::Column::TenantId.eq(self.tid()))
            .filter(invoices::Column::Id.eq(id))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// The open invoices of an account due before `before`.
    pub async fn open_invoices_due_before(
        &self,
        account: AccountId,
        before: NaiveDate,
    ) -> Result<Vec<invoices::Model>, DbErr> {
        invoices::Entity::find()
            .filter(invoices::Column::TenantId.eq(self.tid()))
            .filter(invoices::Column::AccountId.eq(account))
            .filter(invoices::Column::Status.eq(InvoiceStatus::Open))
            .filter(invoices::Column::DueOn.lt(before))
            .all(&self.tx)
            .await
    }

    /// Open invoices of the tenant due before `before` (dunning).
    pub async fn overdue_invoices(&self, before: NaiveDate) -> Result<Vec<invoices::Model>, DbErr> {
        invoices::Entity::find()
            .filter(invoices::Column::TenantId.eq(self.tid()))
            .filter(invoices::Column::Status.eq(InvoiceStatus::Open))
            .filter(invoices::Column::DueOn.lt(before))
            .all(&self.tx)
            .await
    }
}

impl PlatformTx {
    /// Claims up to `limit` automatic payments of every tenant whose next
    /// attempt is due: their next attempt moves to `lease_until`, so no other
    /// instance takes them meanwhile (rows another instance is claiming are
    /// skipped on PostgreSQL). Returns (tenant, payment).
    pub async fn claim_due_charges(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(Uuid, Uuid)>, DbErr> {
        let pending = || {
            payments::Entity::find()
                .filter(payments::Column::Status.eq(PaymentStatus::Pending))
                .filter(payments::Column::NextAttemptAt.lte(now))
        };
        let cols = super::platform::ClaimColumns {
            tenant: payments::Column::TenantId,
            id: payments::Column::Id,
            order: payments::Column::NextAttemptAt,
            lease: payments::Column::NextAttemptAt,
        };
        let key = |p: &payments::Model| (p.tenant_id, p.id.as_uuid());
        let rows = self
            .claim_rows(pending, cols, key, limit, lease_until)
            .await?;
        Ok(rows.iter().map(key).collect())
    }

    /// Whether a platform webhook event was already processed.
    pub async fn platform_event_seen(&self, id: &str) -> Result<bool, DbErr> {
        Ok(platform_stripe_events::Entity::find_by_id(id.to_owned())
            .one(self.conn())
            .await?
            .is_some())
    }

    /// Remembers a platform webhook event; `false` if already processed.
    pub async fn record_platform_event(
        &self,
        id: &str,
        kind: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let am = platform_stripe_events::ActiveModel {
            event_id: Set(id.chars().take(128).collect()),
            event_type: Set(kind.chars().take(64).collect()),
            received_at: Set(now),
        };
        let n = platform_stripe_events::Entity::insert(am)
            .on_conflict(
                OnConflict::column(platform_stripe_events::Column::EventId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(self.conn())
            .await?;
        Ok(n == 1)
    }

    /// A tenant by its platform subscription.
    pub async fn tenant_by_subscription(
        &self,
        subscription: &str,
    ) -> Result<Option<tenants::Model>, DbErr> {
        tenants::Entity::find()
            .filter(tenants::Column::StripeSubscriptionId.eq(subscription))
            .one(self.conn())
            .await
    }

    /// Saves a tenant's plan columns (and status).
    pub async fn save_tenant_plan(&self, t: tenants::Model) -> Result<(), DbErr> {
        let mut am: tenants::ActiveModel = t.clone().into();
        am.plan_status = Set(t.plan_status);
        am.stripe_customer_id = Set(t.stripe_customer_id);
        am.stripe_subscription_id = Set(t.stripe_subscription_id);
        am.plan_period_end = Set(t.plan_period_end);
        am.past_due_since = Set(t.past_due_since);
        am.status = Set(t.status);
        am.updated_at = Set(t.updated_at);
        am.update(self.conn()).await.map(|_| ())
    }
}
