//! The transaction a staff request gets: a tenant transaction that carries
//! the seller subtree the staff member may see (their seller and every
//! reseller below it). Its customer and CDR lookups and lists apply that
//! scope themselves (invoice visibility checks `scope()`), so a use case cannot forget it: a
//! sibling's, a parent's or another tenant's row is simply not found.
//! Everything else (the catalog, accounts by id…) is reached through the
//! underlying [`TenantTx`] it dereferences to.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppResult;
use crate::services::seller_tree::SellerScope;
use chrono::{DateTime, Utc};
use ringledger_db::entities::{cdrs, customers};
use ringledger_db::repo::{Committed, Customers, Repos, TenantTx, Usage, UsageScope, UsageTotal};
use ringledger_shared::ids::{AccountId, CustomerId};
use sea_orm::DbErr;
use std::ops::Deref;
use uuid::Uuid;

/// A tenant transaction scoped to what one staff member may see.
pub struct StaffTx {
    tx: TenantTx,
    staff: StaffPrincipal,
    scope: SellerScope,
}

impl StaffTx {
    /// Opens a write transaction for `staff` (their scope read in it).
    pub async fn open(repos: &Repos, staff: &StaffPrincipal) -> AppResult<Self> {
        Self::scoped(repos.tenant(staff.tenant_id).await?, staff).await
    }

    /// Opens a read transaction for `staff` (their scope read in it).
    pub async fn open_read(repos: &Repos, staff: &StaffPrincipal) -> AppResult<Self> {
        Self::scoped(repos.tenant_read(staff.tenant_id).await?, staff).await
    }

    async fn scoped(tx: TenantTx, staff: &StaffPrincipal) -> AppResult<Self> {
        let scope = SellerScope::of(&tx, staff).await?;
        Ok(Self {
            tx,
            staff: *staff,
            scope,
        })
    }

    /// The staff member.
    pub fn staff(&self) -> &StaffPrincipal {
        &self.staff
    }

    /// What they may see.
    pub fn scope(&self) -> &SellerScope {
        &self.scope
    }

    /// The sellers a search is limited to: `None` for the operator's staff,
    /// who see the whole tenant (records no seller claims too).
    pub fn sellers(&self) -> Option<&[Uuid]> {
        (!self.scope.is_operator).then_some(self.scope.ids.as_slice())
    }

    /// Customers, scoped.
    pub fn customers(&self) -> ScopedCustomers<'_> {
        ScopedCustomers {
            inner: self.tx.customers(),
            scope: &self.scope,
        }
    }

    /// Call detail records, scoped.
    pub fn usage(&self) -> ScopedUsage<'_> {
        ScopedUsage {
            inner: self.tx.usage(),
            sellers: self.sellers(),
        }
    }

    /// Commits (see [`TenantTx::commit`]).
    pub async fn commit(self) -> Result<Committed, DbErr> {
        self.tx.commit().await
    }
}

impl Deref for StaffTx {
    type Target = TenantTx;

    fn deref(&self) -> &TenantTx {
        &self.tx
    }
}

/// The customers a staff member may see.
pub struct ScopedCustomers<'a> {
    inner: Customers<'a>,
    scope: &'a SellerScope,
}

impl<'a> ScopedCustomers<'a> {
    /// A customer of the staff's subtree (`None` for anyone else's).
    pub async fn customer(&self, id: CustomerId) -> Result<Option<customers::Model>, DbErr> {
        Ok(self
            .inner
            .customer(id)
            .await?
            .filter(|c| self.scope.contains(c.seller_id)))
    }

    /// One page of the staff's customers (newest first) whose e-mail or
    /// name contains `q`, holding a service of `kind` if given.
    pub async fn list_customers(
        &self,
        q: &str,
        kind: Option<&str>,
        page: (u64, u64),
        sort: Option<ringledger_shared::api::sort::Sort>,
    ) -> Result<(Vec<customers::Model>, u64), DbErr> {
        self.inner
            .list_customers(&self.scope.ids, q, kind, page, sort)
            .await
    }
}

impl<'a> Deref for ScopedCustomers<'a> {
    type Target = Customers<'a>;

    fn deref(&self) -> &Customers<'a> {
        &self.inner
    }
}

/// The CDRs a staff member may see: the operator every record (unresolved
/// ones too), a reseller only its own customers' and those below it.
pub struct ScopedUsage<'a> {
    inner: Usage<'a>,
    sellers: Option<&'a [Uuid]>,
}

impl ScopedUsage<'_> {
    /// The rated calls the staff member may see, started in `[start, end)`,
    /// summed per day and service (in SQL, or streamed: see
    /// `ringledger_db::repo::UsageTotal`).
    pub async fn usage_totals(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<UsageTotal>, DbErr> {
        let scope = match self.sellers {
            None => UsageScope::Tenant,
            Some(sellers) => UsageScope::Sellers(sellers),
        };
        self.inner.usage_totals(scope, start, end).await
    }

    /// CDRs matching a search, newest first, and the total.
    #[allow(clippy::too_many_arguments)]
    pub async fn search_cdrs(
        &self,
        account_id: Option<AccountId>,
        number: &str,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        status: Option<cdrs::CdrStatus>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<cdrs::Model>, u64), DbErr> {
        self.inner
            .search_cdrs(
                account_id,
                self.sellers,
                number,
                from,
                to,
                status,
                offset,
                limit,
            )
            .await
    }
}
