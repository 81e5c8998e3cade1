//! Customer-side queries of a tenant: customers, accounts, services and
//! their identifiers, card batches, e-mail tokens, switch keys, the e-mail
//! queue. Every query filters on the transaction's tenant.

use super::aggregates::Customers;
use crate::entities::{
    account_services, accounts, allowance_usage, anis, bundle_subscriptions, calling_cards,
    card_batches, customer_tokens, customers, outbound_emails, sip_accounts,
};
use chrono::{DateTime, Utc};
use ringledger_shared::api::sort::Sort;
use ringledger_shared::ids::{AccountId, CustomerId, ServiceId};
use ringledger_shared::status::CardStatus;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

impl Customers<'_> {
    by_id!(customer, customers, CustomerId);
    by_id!(account, accounts, AccountId);
    by_id!(card_batch, card_batches);
    by_id!(customer_token, customer_tokens);
    by_id!(service, account_services, ServiceId);
    of_accounts!(services_of, account_services, CreatedAt);
    of_accounts!(subscriptions_of, bundle_subscriptions, StartedAt);
    of_accounts!(cards_of, calling_cards, CreatedAt);
    of_accounts!(anis_of, anis, Number);
    of_accounts!(sips_of, sip_accounts, CreatedAt);
    insert!(insert_customer, customers);
    insert!(insert_account, accounts);
    insert!(insert_bundle_subscription, bundle_subscriptions);
    insert!(insert_service, account_services);
    insert!(insert_card_batch, card_batches);
    insert!(insert_ani, anis);
    insert!(insert_sip, sip_accounts);
    insert!(insert_customer_token, customer_tokens);

    /// An account, locked for the rest of the transaction on PostgreSQL
    /// (`SELECT … FOR UPDATE`), so concurrent debits queue.
    pub async fn account_for_update(
        &self,
        id: AccountId,
    ) -> Result<Option<accounts::Model>, DbErr> {
        let q = accounts::Entity::find_by_id((self.tid(), id));
        if self.tx.get_database_backend() != sea_orm::DbBackend::Postgres {
            return q.one(&self.tx).await;
        }
        q.lock_exclusive().one(&self.tx).await
    }

    /// Seconds already drawn from an allowance of a subscription in a period.
    pub async fn allowance_used(
        &self,
        subscription: Uuid,
        allowance: Uuid,
        period: chrono::NaiveDate,
    ) -> Result<i64, DbErr> {
        Ok(
            allowance_usage::Entity::find_by_id((self.tid(), subscription, allowance, period))
                .one(&self.tx)
                .await?
                .map_or(0, |u| u.used_secs),
        )
    }

    /// Stores the seconds drawn from an allowance in a period.
    pub async fn set_allowance_usage(&self, mut u: allowance_usage::Model) -> Result<(), DbErr> {
        u.tenant_id = self.tid();
        let existing = allowance_usage::Entity::find_by_id((
            self.tid(),
            u.subscription_id,
            u.allowance_id,
            u.period_start,
        ))
        .one(&self.tx)
        .await?;
        match existing {
            Some(row) => {
                let mut am: allowance_usage::ActiveModel = row.into();
                am.used_secs = Set(u.used_secs);
                am.update(&self.tx).await.map(|_| ())
            }
            None => allowance_usage::ActiveModel::from(u)
                .insert(&self.tx)
                .await
                .map(|_| ()),
        }
    }

    /// Queues an e-mail row.
    pub async fn insert_email(&self, mut m: outbound_emails::Model) -> Result<(), DbErr> {
        m.tenant_id = self.tid();
        outbound_emails::ActiveModel::from(m)
            .insert(&self.tx)
            .await?;
        self.note_mail();
        Ok(())
    }

    /// A queued e-mail by idempotency key.
    pub async fn email_by_key(&self, key: &str) -> Result<Option<outbound_emails::Model>, DbErr> {
        outbound_emails::Entity::find()
            .filter(outbound_emails::Column::TenantId.eq(self.tid()))
            .filter(outbound_emails::Column::IdempotencyKey.eq(key))
            .one(&self.tx)
            .await
    }

    /// A customer of a seller by (normalised) e-mail.
    pub async fn customer_by_email(
        &self,
        seller_id: Uuid,
        email: &str,
    ) -> Result<Option<customers::Model>, DbErr> {
        customers::Entity::find()
            .filter(customers::Column::TenantId.eq(self.tid()))
            .filter(customers::Column::SellerId.eq(seller_id))
            .filter(customers::Column::Email.eq(email))
            .one(&self.tx)
            .await
    }

    /// Customers by id (unscoped: the caller scopes).
    pub async fn customers_by_ids(
        &self,
        ids: &[CustomerId],
    ) -> Result<Vec<customers::Model>, DbErr> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            out.extend(
                customers::Entity::find()
                    .filter(customers::Column::TenantId.eq(self.tid()))
                    .filter(customers::Column::Id.is_in(chunk.iter().copied()))
                    .all(&self.tx)
                    .await?,
            );
        }
        Ok(out)
    }

    /// Saves a changed customer.
    pub async fn update_customer(&self, m: customers::Model) -> Result<customers::Model, DbErr> {
        let mut am: customers::ActiveModel = m.clone().into();
        am.email_verified_at = Set(m.email_verified_at);
        am.status = Set(m.status);
        am.password_hash = Set(m.password_hash);
        am.name = Set(m.name);
        am.locale = Set(m.locale);
        am.update(&self.tx).await
    }

    /// Sets only whether an account's invoices list every call: a toggle
    /// never writes back a status (a suspension) read before it.
    pub async fn set_itemized_invoices(&self, id: AccountId, itemized: bool) -> Result<(), DbErr> {
        accounts::Entity::update_many()
            .col_expr(
                accounts::Column::ItemizedInvoices,
                sea_orm::sea_query::Expr::value(itemized),
            )
            .filter(accounts::Column::TenantId.eq(self.tid()))
            .filter(accounts::Column::Id.eq(id))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Sets an account's low-balance threshold, that column only (a status
    /// staff change at the same moment is not written back over).
    pub async fn set_low_balance_threshold(
        &self,
        id: AccountId,
        threshold: Option<rust_decimal::Decimal>,
    ) -> Result<(), DbErr> {
        accounts::Entity::update_many()
            .col_expr(
                accounts::Column::LowBalanceThreshold,
                sea_orm::sea_query::Expr::value(threshold.map(crate::entities::decimal::DbDecimal)),
            )
            .filter(accounts::Column::TenantId.eq(self.tid()))
            .filter(accounts::Column::Id.eq(id))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Saves an account's status, credit limit and low-balance threshold.
    /// Never its balance: only the ledger changes that (`repo::ledger`), so
    /// a balance read earlier can never be written back over a debit.
    pub async fn update_account(&self, m: accounts::Model) -> Result<accounts::Model, DbErr> {
        let mut am: accounts::ActiveModel = m.clone().into();
        am.status = Set(m.status);
        am.credit_limit = Set(m.credit_limit);
        am.low_balance_threshold = Set(m.low_balance_threshold);
        am.update(&self.tx).await
    }

    /// The accounts of some customers.
    pub async fn accounts_of(
        &self,
        customer_ids: &[CustomerId],
    ) -> Result<Vec<accounts::Model>, DbErr> {
        if customer_ids.is_empty() {
            return Ok(Vec::new());
        }
        accounts::Entity::find()
            .filter(accounts::Column::TenantId.eq(self.tid()))
            .filter(super::one_of(
                self.db_backend(),
                accounts::Column::CustomerId,
                customer_ids,
            ))
            .all(&self.tx)
            .await
    }

    /// The account of a customer.
    pub async fn account_of(
        &self,
        customer_id: CustomerId,
    ) -> Result<Option<accounts::Model>, DbErr> {
        accounts::Entity::find()
            .filter(accounts::Column::TenantId.eq(self.tid()))
            .filter(accounts::Column::CustomerId.eq(customer_id))
            .one(&self.tx)
            .await
    }

    /// Customers of some sellers, newest first, matching `q` (e-mail or name)
    /// and, if given, holding a service of `kind`; and the total.
    pub async fn list_customers(
        &self,
        sellers: &[Uuid],
        q: &str,
        kind: Option<&str>,
        (offset, limit): (u64, u64),
        sort: Option<Sort>,
    ) -> Result<(Vec<customers::Model>, u64), DbErr> {
        let mut query = customers::Entity::find()
            .filter(customers::Column::TenantId.eq(self.tid()))
            .filter(customers::Column::SellerId.is_in(sellers.iter().copied()));
        let q = q.trim().to_lowercase();
        if !q.is_empty() {
            query = query.filter(
                Expr::expr(Func::lower(Expr::col(customers::Column::Email)))
                    .like(super::contains_pattern(&q))
                    .or(Expr::expr(Func::lower(Expr::col(customers::Column::Name)))
                        .like(super::contains_pattern(&q))),
            );
        }
        if let Some(kind) = kind {
            let account_ids: Vec<_> = account_services::Entity::find()
                .filter(account_services::Column::TenantId.eq(self.tid()))
                .filter(account_services::Column::Kind.eq(kind))
                .all(&self.tx)
                .await?
                .into_iter()
                .map(|s| s.account_id)
                .collect();
            let customer_ids: Vec<CustomerId> = accounts::Entity::find()
                .filter(accounts::Column::TenantId.eq(self.tid()))
                .filter(accounts::Column::Id.is_in(account_ids))
                .all(&self.tx)
                .await?
                .into_iter()
                .map(|a| a.customer_id)
                .collect();
            query = query.filter(customers::Column::Id.is_in(customer_ids));
        }
        let total = query.clone().count(&self.tx).await?;
        let (column, descending) = match sort {
            Some(s) => (
                match s.column {
                    "name" => customers::Column::Name,
                    "email" => customers::Column::Email,
                    "status" => customers::Column::Status,
                    _ => customers::Column::CreatedAt,
                },
                s.descending,
            ),
            None => (customers::Column::CreatedAt, true),
        };
        let order = if descending { Order::Desc } else { Order::Asc };
        let items = query
            .order_by(column, order.clone())
            .order_by(customers::Column::Id, order)
            .offset(offset)
            .limit(limit)
            .all(&self.tx)
            .await?;
        Ok((items, total))
    }

    /// A calling card by PIN.
    pub async fn card_by_pin(&self, pin: &str) -> Result<Option<calling_cards::Model>, DbErr> {
        calling_cards::Entity::find()
            .filter(calling_cards::Column::TenantId.eq(self.tid()))
            .filter(calling_cards::Column::Pin.eq(pin))
            .one(&self.tx)
            .await
    }

    /// Whether a serial is taken.
    pub async fn serial_taken(&self, serial: &str) -> Result<bool, DbErr> {
        Ok(calling_cards::Entity::find()
            .filter(calling_cards::Column::TenantId.eq(self.tid()))
            .filter(calling_cards::Column::Serial.eq(serial))
            .count(&self.tx)
            .await?
            > 0)
    }

    /// Which of `values` are already a card's PIN (`by_serial` false) or
    /// serial (true) in this tenant.
    pub async fn taken_card_values(
        &self,
        values: &[String],
        by_serial: bool,
    ) -> Result<std::collections::HashSet<String>, DbErr> {
        let column = if by_serial {
            calling_cards::Column::Serial
        } else {
            calling_cards::Column::Pin
        };
        let mut taken = std::collections::HashSet::new();
        for chunk in values.chunks(1000) {
            let rows = calling_cards::Entity::find()
                .filter(calling_cards::Column::TenantId.eq(self.tid()))
                .filter(column.is_in(chunk.iter().cloned()))
                .all(&self.tx)
                .await?;
            taken.extend(
                rows.into_iter()
                    .map(|c| if by_serial { c.serial } else { c.pin }),
            );
        }
        Ok(taken)
    }

    /// Inserts cards in batches.
    pub async fn insert_cards(&self, cards: Vec<calling_cards::Model>) -> Result<(), DbErr> {
        for chunk in cards.chunks(500) {
            calling_cards::Entity::insert_many(chunk.iter().cloned().map(|mut c| {
                c.tenant_id = self.tid();
                calling_cards::ActiveModel::from(c)
            }))
            .exec(&self.tx)
            .await?;
        }
        Ok(())
    }

    /// Saves a changed card.
    pub async fn update_card(&self, c: calling_cards::Model) -> Result<(), DbErr> {
        let mut am: calling_cards::ActiveModel = c.clone().into();
        am.account_id = Set(c.account_id);
        am.service_id = Set(c.service_id);
        am.status = Set(c.status);
        am.update(&self.tx).await.map(|_| ())
    }

    /// Gives a stock card to an account — only if it is still unused
    /// stock (compare-and-set: of two concurrent redemptions one wins).
    /// Returns whether this call took it.
    pub async fn redeem_card(
        &self,
        card: Uuid,
        account: AccountId,
        service: Uuid,
    ) -> Result<bool, DbErr> {
        let r = calling_cards::Entity::update_many()
            .col_expr(calling_cards::Column::AccountId, Expr::value(account))
            .col_expr(calling_cards::Column::ServiceId, Expr::value(service))
            .col_expr(
                calling_cards::Column::Status,
                Expr::value(CardStatus::Active),
            )
            .filter(calling_cards::Column::TenantId.eq(self.tid()))
            .filter(calling_cards::Column::Id.eq(card))
            .filter(calling_cards::Column::Status.eq(CardStatus::Stock))
            .filter(calling_cards::Column::AccountId.is_null())
            .exec(&self.tx)
            .await?;
        Ok(r.rows_affected == 1)
    }

    /// Cards of a batch, by serial.
    pub async fn cards_of_batch(&self, batch_id: Uuid) -> Result<Vec<calling_cards::Model>, DbErr> {
        calling_cards::Entity::find()
            .filter(calling_cards::Column::TenantId.eq(self.tid()))
            .filter(calling_cards::Column::BatchId.eq(batch_id))
            .order_by_asc(calling_cards::Column::Serial)
            .all(&self.tx)
            .await
    }

    /// Card batches of a seller, newest first.
    pub async fn list_card_batches(
        &self,
        seller_id: Uuid,
    ) -> Result<Vec<card_batches::Model>, DbErr> {
        card_batches::Entity::find()
            .filter(card_batches::Column::TenantId.eq(self.tid()))
            .filter(card_batches::Column::SellerId.eq(seller_id))
            .order_by_desc(card_batches::Column::CreatedAt)
            .all(&self.tx)
            .await
    }

    /// A registered caller number.
    pub async fn ani(&self, number: &str) -> Result<Option<anis::Model>, DbErr> {
        anis::Entity::find_by_id((self.tid(), number.to_owned()))
            .one(&self.tx)
            .await
    }

    /// Removes a caller number of an account; `false` if it was not there.
    pub async fn delete_ani(&self, account_id: AccountId, number: &str) -> Result<bool, DbErr> {
        let res = anis::Entity::delete_many()
            .filter(anis::Column::TenantId.eq(self.tid()))
            .filter(anis::Column::AccountId.eq(account_id))
            .filter(anis::Column::Number.eq(number))
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected > 0)
    }

    /// A SIP/video login by username.
    pub async fn sip_by_username(
        &self,
        username: &str,
    ) -> Result<Option<sip_accounts::Model>, DbErr> {
        sip_accounts::Entity::find()
            .filter(sip_accounts::Column::TenantId.eq(self.tid()))
            .filter(sip_accounts::Column::Username.eq(username))
            .one(&self.tx)
            .await
    }

    /// The SIP/video logins whose password is sealed without a binding to
    /// its row (sealed before bindings existed; `v2:` marks bound ones).
    pub async fn unbound_sips(&self) -> Result<Vec<sip_accounts::Model>, DbErr> {
        sip_accounts::Entity::find()
            .filter(sip_accounts::Column::TenantId.eq(self.tid()))
            .filter(sip_accounts::Column::SecretEnc.not_like("v2:%"))
            .all(&self.tx)
            .await
    }

    /// Replaces a SIP/video login's sealed password.
    pub async fn set_sip_secret(&self, id: Uuid, sealed: String) -> Result<(), DbErr> {
        sip_accounts::Entity::update_many()
            .col_expr(sip_accounts::Column::SecretEnc, Expr::value(sealed))
            .filter(sip_accounts::Column::TenantId.eq(self.tid()))
            .filter(sip_accounts::Column::Id.eq(id))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Marks a single-use token used; `false` if it already was.
    pub async fn use_customer_token(&self, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let res = customer_tokens::Entity::update_many()
            .col_expr(customer_tokens::Column::UsedAt, Expr::value(now))
            .filter(customer_tokens::Column::TenantId.eq(self.tid()))
            .filter(customer_tokens::Column::Id.eq(id))
            .filter(customer_tokens::Column::UsedAt.is_null())
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
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
}
