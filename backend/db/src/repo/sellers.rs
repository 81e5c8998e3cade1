//! Sellers as a tree (the operator and its resellers), their logos and
//! portal hosts, and what reseller levels are charged per call
//! (`cdr_charges`): inserted in bulk with the batch's CDRs, summed by the
//! wholesale bill and the margin report.

use super::aggregates::Sellers;
use super::bulk::{Unnest, col, s, ts};
use crate::entities::decimal::DbDecimal;
use crate::entities::{cdr_charges, hosts, seller_logos, sellers, switch_keys};
use chrono::{DateTime, Utc};
use ringledger_shared::billing::ServiceUsage;
use ringledger_shared::ids::{AccountId, InvoiceId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

impl Sellers<'_> {
    /// Every seller of the tenant (a handful to a few thousand rows).
    pub async fn all_sellers(&self) -> Result<Vec<sellers::Model>, DbErr> {
        sellers::Entity::find()
            .filter(sellers::Column::TenantId.eq(self.tid()))
            .all(&self.tx)
            .await
    }

    /// A seller by slug.
    pub async fn seller_by_slug(&self, slug: &str) -> Result<Option<sellers::Model>, DbErr> {
        sellers::Entity::find()
            .filter(sellers::Column::TenantId.eq(self.tid()))
            .filter(sellers::Column::Slug.eq(slug))
            .one(&self.tx)
            .await
    }

    /// Saves a seller's brand and reseller terms (every column but the
    /// counters, which only bill runs move).
    pub async fn update_seller_profile(&self, s: sellers::Model) -> Result<sellers::Model, DbErr> {
        let mut am: sellers::ActiveModel = s.clone().into();
        am.name = Set(s.name);
        am.primary_color = Set(s.primary_color);
        am.accent_color = Set(s.accent_color);
        am.support_email = Set(s.support_email);
        am.address = Set(s.address);
        am.tax_id = Set(s.tax_id);
        am.sip_server = Set(s.sip_server);
        am.languages = Set(s.languages);
        am.markup_kind = Set(s.markup_kind);
        am.markup_value = Set(s.markup_value);
        am.reseller_fee = Set(s.reseller_fee);
        am.wholesale_account_id = Set(s.wholesale_account_id);
        am.own_deck_id = Set(s.own_deck_id);
        am.update(&self.tx).await
    }

    /// Sets how deep resellers may nest under the operator.
    pub async fn set_max_reseller_depth(&self, seller: Uuid, depth: i32) -> Result<(), DbErr> {
        sellers::Entity::update_many()
            .col_expr(
                sellers::Column::MaxResellerDepth,
                sea_orm::sea_query::Expr::value(depth),
            )
            .filter(sellers::Column::TenantId.eq(self.tid()))
            .filter(sellers::Column::Id.eq(seller))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Sets the on-net rate (the operator's row holds the tenant's).
    pub async fn set_on_net_rate(
        &self,
        seller: Uuid,
        rate: rust_decimal::Decimal,
    ) -> Result<(), DbErr> {
        self.note_numbers();
        sellers::Entity::update_many()
            .col_expr(
                sellers::Column::OnNetRate,
                sea_orm::sea_query::Expr::value(crate::entities::decimal::DbDecimal(rate)),
            )
            .filter(sellers::Column::TenantId.eq(self.tid()))
            .filter(sellers::Column::Id.eq(seller))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// A seller's logo.
    pub async fn logo(&self, seller: Uuid) -> Result<Option<seller_logos::Model>, DbErr> {
        seller_logos::Entity::find_by_id((self.tid(), seller))
            .one(&self.tx)
            .await
    }

    /// Whether a seller has a logo.
    pub async fn has_logo(&self, seller: Uuid) -> Result<bool, DbErr> {
        let n: Option<Uuid> = seller_logos::Entity::find()
            .select_only()
            .column(seller_logos::Column::SellerId)
            .filter(seller_logos::Column::TenantId.eq(self.tid()))
            .filter(seller_logos::Column::SellerId.eq(seller))
            .into_tuple()
            .one(&self.tx)
            .await?;
        Ok(n.is_some())
    }

    /// Replaces (or, with `None`, removes) a seller's logo.
    pub async fn set_logo(
        &self,
        seller: Uuid,
        logo: Option<(String, Vec<u8>)>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        seller_logos::Entity::delete_many()
            .filter(seller_logos::Column::TenantId.eq(self.tid()))
            .filter(seller_logos::Column::SellerId.eq(seller))
            .exec(&self.tx)
            .await?;
        if let Some((content_type, bytes)) = logo {
            seller_logos::ActiveModel::from(seller_logos::Model {
                tenant_id: self.tid(),
                seller_id: seller,
                content_type,
                bytes,
                updated_at: now,
            })
            .insert(&self.tx)
            .await?;
        }
        Ok(())
    }

    /// The custom domains of some sellers.
    pub async fn hosts_of(&self, sellers: &[Uuid]) -> Result<Vec<hosts::Model>, DbErr> {
        hosts::Entity::find()
            .filter(hosts::Column::TenantId.eq(self.tid()))
            .filter(hosts::Column::SellerId.is_in(sellers.iter().copied()))
            .all(&self.tx)
            .await
    }

    /// Whether a host name is mapped already (to anyone): verified, or
    /// claimed since `stale_before` (an older unverified claim lapses, so a
    /// squatter cannot hold someone else's domain).
    pub async fn host_taken(
        &self,
        hostname: &str,
        stale_before: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        Ok(hosts::Entity::find_by_id(hostname.to_owned())
            .one(&self.tx)
            .await?
            .is_some_and(|h| h.verified_at.is_some() || h.created_at >= stale_before))
    }

    /// Claims `hostname` for a seller of this tenant, replacing the seller's
    /// previous custom domain and a lapsed claim of the same name
    /// (`None`: just releases the seller's domain, which unmaps it). The
    /// claim serves nothing until [`Sellers::verify_host`].
    pub async fn set_custom_domain(
        &self,
        seller: Uuid,
        claim: Option<(&str, &str)>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        hosts::Entity::delete_many()
            .filter(hosts::Column::TenantId.eq(self.tid()))
            .filter(hosts::Column::SellerId.eq(seller))
            .exec(&self.tx)
            .await?;
        if let Some((h, challenge)) = claim {
            hosts::Entity::delete_many()
                .filter(hosts::Column::Hostname.eq(h))
                .filter(hosts::Column::VerifiedAt.is_null())
                .exec(&self.tx)
                .await?;
            hosts::ActiveModel::from(hosts::Model {
                hostname: h.to_owned(),
                tenant_id: self.tid(),
                seller_id: seller,
                created_at: now,
                challenge: Some(challenge.to_owned()),
                verified_at: None,
            })
            .insert(&self.tx)
            .await?;
        }
        Ok(())
    }

    /// Marks a seller's claimed domain verified; `false` if it has none.
    pub async fn verify_host(&self, seller: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let res = hosts::Entity::update_many()
            .col_expr(hosts::Column::VerifiedAt, Expr::value(now))
            .filter(hosts::Column::TenantId.eq(self.tid()))
            .filter(hosts::Column::SellerId.eq(seller))
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected > 0)
    }

    /// Customers per seller.
    pub async fn customer_counts(&self) -> Result<HashMap<Uuid, u64>, DbErr> {
        use crate::entities::customers;
        let rows: Vec<(Uuid, i64)> = customers::Entity::find()
            .select_only()
            .column(customers::Column::SellerId)
            .column_as(customers::Column::Id.count(), "n")
            .filter(customers::Column::TenantId.eq(self.tid()))
            .group_by(customers::Column::SellerId)
            .into_tuple()
            .all(&self.tx)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(s, n)| (s, n.max(0) as u64))
            .collect())
    }

    /// Inserts reseller levels' charges of a batch's calls.
    pub async fn insert_cdr_charges(&self, rows: Vec<cdr_charges::Model>) -> Result<(), DbErr> {
        if rows.is_empty() {
            return Ok(());
        }
        if self.db_backend() != DbBackend::Postgres {
            for chunk in rows.chunks(1_000) {
                cdr_charges::Entity::insert_many(chunk.iter().cloned().map(|mut r| {
                    r.tenant_id = self.tid();
                    cdr_charges::ActiveModel::from(r)
                }))
                .exec(&self.tx)
                .await?;
            }
            return Ok(());
        }
        const COLS: &[super::bulk::Col] = &[
            col("cdr_id", "uuid"),
            col("level", "int4"),
            col("seller_id", "uuid"),
            col("account_id", "uuid"),
            col("service_kind", "text"),
            col("start_time", "timestamptz"),
            col("billable_secs", "int8"),
            col("charge", "numeric"),
            super::bulk::null("journal_id", "uuid"),
        ];
        for chunk in rows.chunks(50_000) {
            let mut u = Unnest::new("cdr_charges", COLS);
            for r in chunk {
                u.row(vec![
                    s(r.cdr_id),
                    s(r.level),
                    s(r.seller_id),
                    s(r.account_id),
                    s(r.service_kind.as_str()),
                    ts(r.start_time),
                    s(r.billable_secs),
                    s(r.charge.0),
                    super::bulk::opt(r.journal_id),
                ]);
            }
            u.exec(&self.tx, self.tid()).await?;
        }
        Ok(())
    }

    /// Per wholesale account and service kind: what reseller levels were
    /// charged for calls that started before `end` and no invoice has billed
    /// yet (so a call that arrives after its period was billed goes on the
    /// next one). Read under the accounts' locks, which CDR batches take
    /// before adding charges, so [`TenantTx::bill_wholesale`] marks exactly
    /// these.
    pub async fn wholesale_usage(
        &self,
        account_ids: &[AccountId],
        end: DateTime<Utc>,
    ) -> Result<HashMap<AccountId, Vec<(String, ServiceUsage)>>, DbErr> {
        let mut out: HashMap<AccountId, HashMap<String, ServiceUsage>> = HashMap::new();
        for chunk in account_ids.chunks(1_000) {
            let rows: Vec<(Uuid, String, i64, DbDecimal)> = cdr_charges::Entity::find()
                .select_only()
                .column(cdr_charges::Column::AccountId)
                .column(cdr_charges::Column::ServiceKind)
                .column(cdr_charges::Column::BillableSecs)
                .column(cdr_charges::Column::Charge)
                .filter(cdr_charges::Column::TenantId.eq(self.tid()))
                .filter(super::one_of(
                    self.db_backend(),
                    cdr_charges::Column::AccountId,
                    chunk,
                ))
                .filter(cdr_charges::Column::StartTime.lt(end))
                .filter(cdr_charges::Column::InvoiceId.is_null())
                .into_tuple()
                .all(&self.tx)
                .await?;
            for (account, kind, billable, charge) in rows {
                *out.entry(account.into())
                    .or_default()
                    .entry(kind)
                    .or_default() += &super::billing::one_call(billable, 0, charge.0);
            }
        }
        Ok(out
            .into_iter()
            .map(|(a, kinds)| {
                let mut v: Vec<(String, ServiceUsage)> = kinds.into_iter().collect();
                v.sort_by(|x, y| x.0.cmp(&y.0));
                (a, v)
            })
            .collect())
    }

    /// Marks a wholesale account's unbilled charges before `end` as billed
    /// by `invoice`.
    pub async fn bill_wholesale(
        &self,
        account: AccountId,
        end: DateTime<Utc>,
        invoice: InvoiceId,
    ) -> Result<(), DbErr> {
        cdr_charges::Entity::update_many()
            .col_expr(
                cdr_charges::Column::InvoiceId,
                sea_orm::sea_query::Expr::value(invoice),
            )
            .filter(cdr_charges::Column::TenantId.eq(self.tid()))
            .filter(cdr_charges::Column::AccountId.eq(account))
            .filter(cdr_charges::Column::StartTime.lt(end))
            .filter(cdr_charges::Column::InvoiceId.is_null())
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Every level's charge of some calls (the API tests check the chain
    /// call by call with it).
    pub async fn charges_of_cdrs(
        &self,
        cdr_ids: &[Uuid],
    ) -> Result<Vec<cdr_charges::Model>, DbErr> {
        let mut out = Vec::new();
        for chunk in cdr_ids.chunks(1_000) {
            out.extend(
                cdr_charges::Entity::find()
                    .filter(cdr_charges::Column::TenantId.eq(self.tid()))
                    .filter(super::one_of(
                        self.db_backend(),
                        cdr_charges::Column::CdrId,
                        chunk,
                    ))
                    .all(&self.tx)
                    .await?,
            );
        }
        Ok(out)
    }

    by_id!(switch_key, switch_keys);

    insert!(insert_switch_key, switch_keys);

    /// Every switch key, newest first.
    pub async fn list_switch_keys(&self) -> Result<Vec<switch_keys::Model>, DbErr> {
        switch_keys::Entity::find()
            .filter(switch_keys::Column::TenantId.eq(self.tid()))
            .order_by_desc(switch_keys::Column::CreatedAt)
            .all(&self.tx)
            .await
    }

    /// Revokes a switch key; `false` when there is no such live key.
    pub async fn revoke_switch_key(&self, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let res = switch_keys::Entity::update_many()
            .col_expr(switch_keys::Column::RevokedAt, Expr::value(now))
            .filter(switch_keys::Column::TenantId.eq(self.tid()))
            .filter(switch_keys::Column::Id.eq(id))
            .filter(switch_keys::Column::RevokedAt.is_null())
            .exec(&self.tx)
            .await?;
        Ok(res.rows_affected == 1)
    }
}
