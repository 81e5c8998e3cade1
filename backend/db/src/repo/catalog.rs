//! Catalog queries of a tenant: rate decks and versions, rates, destination
//! groups, plans and bundles. Every query filters on the transaction's tenant.

use super::aggregates::Catalog;
use crate::entities::decimal::DbDecimal;
use crate::entities::{
    bundle_allowances, bundle_services, bundles, destination_group_prefixes, destination_groups,
    plans, rate_deck_rates, rate_deck_versions, rate_decks,
};
use chrono::NaiveDate;
use ringledger_shared::ids::{BundleId, DeckId, PlanId};
use ringledger_shared::rating::ServiceKind;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use uuid::Uuid;

impl Catalog<'_> {
    /// A deck by name.
    pub async fn deck_by_name(&self, name: &str) -> Result<Option<rate_decks::Model>, DbErr> {
        rate_decks::Entity::find()
            .filter(rate_decks::Column::TenantId.eq(self.tid()))
            .filter(rate_decks::Column::Name.eq(name))
            .one(&self.tx)
            .await
    }

    /// A deck by id.
    pub async fn deck(&self, id: DeckId) -> Result<Option<rate_decks::Model>, DbErr> {
        rate_decks::Entity::find_by_id((self.tid(), id))
            .one(&self.tx)
            .await
    }

    /// Inserts a deck.
    pub async fn insert_deck(&self, mut m: rate_decks::Model) -> Result<rate_decks::Model, DbErr> {
        m.tenant_id = self.tid();
        rate_decks::ActiveModel::from(m).insert(&self.tx).await
    }

    /// A page of decks by name — the operator's catalog, and a reseller's
    /// own decks when `reseller` is given — and the total.
    pub async fn list_decks(
        &self,
        reseller: Option<Uuid>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<rate_decks::Model>, u64), DbErr> {
        let owner = match reseller {
            Some(r) => rate_decks::Column::SellerId
                .is_null()
                .or(rate_decks::Column::SellerId.eq(r)),
            None => rate_decks::Column::SellerId.is_null(),
        };
        let q = rate_decks::Entity::find()
            .filter(rate_decks::Column::TenantId.eq(self.tid()))
            .filter(owner)
            .order_by_asc(rate_decks::Column::Name);
        let total = q.clone().count(&self.tx).await?;
        let items = q.offset(offset).limit(limit).all(&self.tx).await?;
        Ok((items, total))
    }

    /// The versions of some decks, newest effective date first.
    pub async fn versions_of(
        &self,
        deck_ids: &[DeckId],
    ) -> Result<Vec<rate_deck_versions::Model>, DbErr> {
        if deck_ids.is_empty() {
            return Ok(Vec::new());
        }
        rate_deck_versions::Entity::find()
            .filter(rate_deck_versions::Column::TenantId.eq(self.tid()))
            .filter(super::one_of(
                self.db_backend(),
                rate_deck_versions::Column::DeckId,
                deck_ids,
            ))
            .order_by_desc(rate_deck_versions::Column::EffectiveFrom)
            .all(&self.tx)
            .await
    }

    /// The version of a deck in force on `day`: the latest effective on or
    /// before it.
    pub async fn version_in_force(
        &self,
        deck_id: DeckId,
        day: NaiveDate,
    ) -> Result<Option<rate_deck_versions::Model>, DbErr> {
        rate_deck_versions::Entity::find()
            .filter(rate_deck_versions::Column::TenantId.eq(self.tid()))
            .filter(rate_deck_versions::Column::DeckId.eq(deck_id))
            .filter(rate_deck_versions::Column::EffectiveFrom.lte(day))
            .order_by_desc(rate_deck_versions::Column::EffectiveFrom)
            .one(&self.tx)
            .await
    }

    /// A version by id.
    pub async fn version(&self, id: Uuid) -> Result<Option<rate_deck_versions::Model>, DbErr> {
        rate_deck_versions::Entity::find_by_id((self.tid(), id))
            .one(&self.tx)
            .await
    }

    /// The version of a deck effective from exactly `date`.
    pub async fn version_on(
        &self,
        deck_id: DeckId,
        date: NaiveDate,
    ) -> Result<Option<rate_deck_versions::Model>, DbErr> {
        rate_deck_versions::Entity::find()
            .filter(rate_deck_versions::Column::TenantId.eq(self.tid()))
            .filter(rate_deck_versions::Column::DeckId.eq(deck_id))
            .filter(rate_deck_versions::Column::EffectiveFrom.eq(date))
            .one(&self.tx)
            .await
    }

    /// Inserts a version.
    pub async fn insert_version(
        &self,
        mut m: rate_deck_versions::Model,
    ) -> Result<rate_deck_versions::Model, DbErr> {
        m.tenant_id = self.tid();
        rate_deck_versions::ActiveModel::from(m)
            .insert(&self.tx)
            .await
    }

    /// Stores a version's summary once its rows are in.
    pub async fn finish_version(
        &self,
        id: Uuid,
        rows: i64,
        destinations: i64,
        min_rate: DbDecimal,
        max_rate: DbDecimal,
    ) -> Result<(), DbErr> {
        let am = rate_deck_versions::ActiveModel {
            tenant_id: sea_orm::Unchanged(self.tid()),
            id: sea_orm::Unchanged(id),
            row_count: Set(rows),
            destination_count: Set(destinations),
            min_rate: Set(min_rate),
            max_rate: Set(max_rate),
            ..Default::default()
        };
        am.update(&self.tx).await.map(|_| ())
    }

    /// Inserts a batch of rates (their `tenant_id` is forced). On PostgreSQL
    /// the batch travels as one `INSERT … SELECT FROM UNNEST(arrays)`: six
    /// array parameters however many rows, which is several times faster
    /// than a multi-row `VALUES` list.
    pub async fn insert_rates(&self, batch: Vec<rate_deck_rates::Model>) -> Result<(), DbErr> {
        if batch.is_empty() {
            return Ok(());
        }
        if self.tx.get_database_backend() == DbBackend::Postgres {
            return self.insert_rates_unnest(batch).await;
        }
        for chunk in batch.chunks(2_000) {
            rate_deck_rates::Entity::insert_many(chunk.iter().cloned().map(|mut r| {
                r.tenant_id = self.tid();
                rate_deck_rates::ActiveModel::from(r)
            }))
            .exec(&self.tx)
            .await?;
        }
        Ok(())
    }

    async fn insert_rates_unnest(&self, batch: Vec<rate_deck_rates::Model>) -> Result<(), DbErr> {
        let version = batch[0].version_id;
        if batch.iter().any(|r| r.version_id != version) {
            return Err(DbErr::Custom("a rate batch spans two versions".into()));
        }
        let n = batch.len();
        let (mut prefixes, mut names, mut rates, mut fees, mut inits, mut subs) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for r in batch {
            prefixes.push(r.prefix);
            names.push(r.destination);
            rates.push(r.rate_per_minute.0.to_string());
            fees.push(r.connect_fee.0.to_string());
            inits.push(r.initial_increment);
            subs.push(r.subsequent_increment);
        }
        let sql = "INSERT INTO rate_deck_rates \
            (tenant_id, version_id, prefix, destination, rate_per_minute, connect_fee, initial_increment, subsequent_increment) \
            SELECT $1::uuid, $2::uuid, p, d, r::numeric, c::numeric, i, s \
            FROM UNNEST($3::text[], $4::text[], $5::text[], $6::text[], $7::int4[], $8::int4[]) AS t(p, d, r, c, i, s)";
        let values: Vec<sea_orm::Value> = vec![
            self.tid().into(),
            version.into(),
            prefixes.into(),
            names.into(),
            rates.into(),
            fees.into(),
            inits.into(),
            subs.into(),
        ];
        self.tx
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                sql,
                values,
            ))
            .await
            .map(|_| ())
    }

    /// Rates of a version whose prefix starts with `q` (digits) or whose
    /// destination contains `q` (case-insensitive), by prefix; and the total.
    pub async fn search_rates(
        &self,
        version_id: Uuid,
        q: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<rate_deck_rates::Model>, u64), DbErr> {
        let mut query = rate_deck_rates::Entity::find()
            .filter(rate_deck_rates::Column::TenantId.eq(self.tid()))
            .filter(rate_deck_rates::Column::VersionId.eq(version_id));
        let q = q.trim();
        if !q.is_empty() {
            query = if q.bytes().all(|b| b.is_ascii_digit()) {
                query.filter(rate_deck_rates::Column::Prefix.starts_with(q))
            } else {
                query.filter(
                    Expr::expr(Func::lower(Expr::col(rate_deck_rates::Column::Destination)))
                        .like(super::contains_pattern(&q.to_lowercase())),
                )
            };
        }
        let total = query.clone().count(&self.tx).await?;
        let items = query
            .order_by_asc(rate_deck_rates::Column::Prefix)
            .offset(offset)
            .limit(limit)
            .all(&self.tx)
            .await?;
        Ok((items, total))
    }

    /// Rates of a version with one of `prefixes`.
    pub async fn rates_with_prefixes(
        &self,
        version_id: Uuid,
        prefixes: Vec<String>,
    ) -> Result<Vec<rate_deck_rates::Model>, DbErr> {
        rate_deck_rates::Entity::find()
            .filter(rate_deck_rates::Column::TenantId.eq(self.tid()))
            .filter(rate_deck_rates::Column::VersionId.eq(version_id))
            .filter(rate_deck_rates::Column::Prefix.is_in(prefixes))
            .order_by_asc(rate_deck_rates::Column::Prefix)
            .all(&self.tx)
            .await
    }

    /// Up to `limit` rates of a version after prefix `after`, by prefix
    /// (keyset pages for exports).
    pub async fn rates_after(
        &self,
        version_id: Uuid,
        after: Option<&str>,
        limit: u64,
    ) -> Result<Vec<rate_deck_rates::Model>, DbErr> {
        let mut q = rate_deck_rates::Entity::find()
            .filter(rate_deck_rates::Column::TenantId.eq(self.tid()))
            .filter(rate_deck_rates::Column::VersionId.eq(version_id));
        if let Some(a) = after {
            q = q.filter(rate_deck_rates::Column::Prefix.gt(a));
        }
        q.order_by_asc(rate_deck_rates::Column::Prefix)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// Inserts a destination group with its prefixes.
    pub async fn insert_group(
        &self,
        mut group: destination_groups::Model,
        prefixes: &[String],
    ) -> Result<destination_groups::Model, DbErr> {
        group.tenant_id = self.tid();
        let group = destination_groups::ActiveModel::from(group)
            .insert(&self.tx)
            .await?;
        if !prefixes.is_empty() {
            destination_group_prefixes::Entity::insert_many(prefixes.iter().map(|p| {
                destination_group_prefixes::ActiveModel::from(destination_group_prefixes::Model {
                    tenant_id: self.tid(),
                    group_id: group.id,
                    prefix: p.clone(),
                })
            }))
            .exec(&self.tx)
            .await?;
        }
        Ok(group)
    }

    /// A destination group by id.
    pub async fn group(&self, id: Uuid) -> Result<Option<destination_groups::Model>, DbErr> {
        destination_groups::Entity::find_by_id((self.tid(), id))
            .one(&self.tx)
            .await
    }

    /// A destination group by name.
    pub async fn group_by_name(
        &self,
        name: &str,
    ) -> Result<Option<destination_groups::Model>, DbErr> {
        destination_groups::Entity::find()
            .filter(destination_groups::Column::TenantId.eq(self.tid()))
            .filter(destination_groups::Column::Name.eq(name))
            .one(&self.tx)
            .await
    }

    /// Every destination group with its prefixes, by name.
    pub async fn list_groups(
        &self,
    ) -> Result<Vec<(destination_groups::Model, Vec<String>)>, DbErr> {
        let groups = destination_groups::Entity::find()
            .filter(destination_groups::Column::TenantId.eq(self.tid()))
            .order_by_asc(destination_groups::Column::Name)
            .all(&self.tx)
            .await?;
        let prefixes = destination_group_prefixes::Entity::find()
            .filter(destination_group_prefixes::Column::TenantId.eq(self.tid()))
            .order_by_asc(destination_group_prefixes::Column::Prefix)
            .all(&self.tx)
            .await?;
        Ok(groups
            .into_iter()
            .map(|g| {
                let ps = prefixes
                    .iter()
                    .filter(|p| p.group_id == g.id)
                    .map(|p| p.prefix.clone())
                    .collect();
                (g, ps)
            })
            .collect())
    }

    /// Every destination group's name by id.
    pub async fn group_names(&self) -> Result<std::collections::HashMap<Uuid, String>, DbErr> {
        Ok(destination_groups::Entity::find()
            .filter(destination_groups::Column::TenantId.eq(self.tid()))
            .all(&self.tx)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect())
    }

    /// Inserts a plan.
    pub async fn insert_plan(&self, mut m: plans::Model) -> Result<plans::Model, DbErr> {
        m.tenant_id = self.tid();
        plans::ActiveModel::from(m).insert(&self.tx).await
    }

    /// A plan by name.
    pub async fn plan_by_name(&self, name: &str) -> Result<Option<plans::Model>, DbErr> {
        plans::Entity::find()
            .filter(plans::Column::TenantId.eq(self.tid()))
            .filter(plans::Column::Name.eq(name))
            .one(&self.tx)
            .await
    }

    /// Every plan, by name.
    pub async fn list_plans(&self) -> Result<Vec<plans::Model>, DbErr> {
        plans::Entity::find()
            .filter(plans::Column::TenantId.eq(self.tid()))
            .order_by_asc(plans::Column::Name)
            .all(&self.tx)
            .await
    }

    /// Inserts a bundle with its services and allowances.
    pub async fn insert_bundle(
        &self,
        mut bundle: bundles::Model,
        services: &[ServiceKind],
        allowances: Vec<bundle_allowances::Model>,
    ) -> Result<bundles::Model, DbErr> {
        bundle.tenant_id = self.tid();
        let bundle = bundles::ActiveModel::from(bundle).insert(&self.tx).await?;
        if !services.is_empty() {
            bundle_services::Entity::insert_many(services.iter().map(|k| {
                bundle_services::ActiveModel::from(bundle_services::Model {
                    tenant_id: self.tid(),
                    bundle_id: bundle.id,
                    service_kind: *k,
                })
            }))
            .exec(&self.tx)
            .await?;
        }
        if !allowances.is_empty() {
            bundle_allowances::Entity::insert_many(allowances.into_iter().map(|mut a| {
                a.tenant_id = self.tid();
                a.bundle_id = bundle.id;
                bundle_allowances::ActiveModel::from(a)
            }))
            .exec(&self.tx)
            .await?;
        }
        Ok(bundle)
    }

    /// A bundle by name.
    pub async fn bundle_by_name(&self, name: &str) -> Result<Option<bundles::Model>, DbErr> {
        bundles::Entity::find()
            .filter(bundles::Column::TenantId.eq(self.tid()))
            .filter(bundles::Column::Name.eq(name))
            .one(&self.tx)
            .await
    }

    /// The service kinds a bundle includes.
    pub async fn bundle_service_kinds(
        &self,
        bundle_id: BundleId,
    ) -> Result<Vec<ServiceKind>, DbErr> {
        Ok(bundle_services::Entity::find()
            .filter(bundle_services::Column::TenantId.eq(self.tid()))
            .filter(bundle_services::Column::BundleId.eq(bundle_id))
            .order_by_asc(bundle_services::Column::ServiceKind)
            .all(&self.tx)
            .await?
            .into_iter()
            .map(|s| s.service_kind)
            .collect())
    }

    /// Every bundle with its services and allowances, by name.
    #[allow(clippy::type_complexity)]
    pub async fn list_bundles(
        &self,
    ) -> Result<
        Vec<(
            bundles::Model,
            Vec<ServiceKind>,
            Vec<bundle_allowances::Model>,
        )>,
        DbErr,
    > {
        let list = bundles::Entity::find()
            .filter(bundles::Column::TenantId.eq(self.tid()))
            .order_by_asc(bundles::Column::Name)
            .all(&self.tx)
            .await?;
        let services = bundle_services::Entity::find()
            .filter(bundle_services::Column::TenantId.eq(self.tid()))
            .all(&self.tx)
            .await?;
        let allowances = bundle_allowances::Entity::find()
            .filter(bundle_allowances::Column::TenantId.eq(self.tid()))
            .order_by_asc(bundle_allowances::Column::Priority)
            .all(&self.tx)
            .await?;
        Ok(list
            .into_iter()
            .map(|b| {
                let s = services
                    .iter()
                    .filter(|s| s.bundle_id == b.id)
                    .map(|s| s.service_kind)
                    .collect();
                let a = allowances
                    .iter()
                    .filter(|a| a.bundle_id == b.id)
                    .cloned()
                    .collect();
                (b, s, a)
            })
            .collect())
    }

    /// Every bundle of the tenant.
    pub async fn all_bundles(&self) -> Result<Vec<bundles::Model>, DbErr> {
        bundles::Entity::find()
            .filter(bundles::Column::TenantId.eq(self.tid()))
            .all(&self.tx)
            .await
    }

    by_id!(plan, plans, PlanId);

    by_id!(bundle, bundles, BundleId);
}
