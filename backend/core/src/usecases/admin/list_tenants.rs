//! Every tenant of the platform, for its administrators.

use crate::error::AppError;
use crate::urls::Urls;
use crate::views::tenant_view;
use ringledger_db::repo::Repos;
use ringledger_shared::api::{Page, TenantView};

/// One page of tenants (skipping `offset`, at most `limit`), newest
/// first, with their status and the total count.
pub async fn list_tenants(
    repos: &Repos,
    urls: &Urls,
    offset: u64,
    limit: u64,
) -> Result<Page<TenantView>, AppError> {
    let tx = repos.platform_read().await?;
    let (rows, total) = tx.list_tenants(offset, limit).await?;
    tx.commit().await?;
    Ok(Page {
        items: rows.iter().map(|t| tenant_view(urls, t)).collect(),
        total,
    })
}
