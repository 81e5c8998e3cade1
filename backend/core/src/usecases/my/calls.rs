//! The signed-in customer's calls (issue 24): each rated call of its
//! account, by service, period and number called, a page at a time or
//! whole for a CSV export; the numbers called masked per its seller.

use crate::auth::principal::CustomerPrincipal;
use crate::error::AppError;
use crate::services::my_account::my_account;
use crate::usecases::cdrs::instant;
use ringledger_db::entities::cdrs;
use ringledger_db::repo::{CallQuery, Repos};
use ringledger_shared::api::Page;
use ringledger_shared::api::my_calls::{MyCallView, mask_number};
use ringledger_shared::ids::ServiceId;
use uuid::Uuid;

/// Most calls one export holds.
pub const MAX_EXPORT: u64 = 100_000;

/// Which calls, as the query string gave them.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallFilter<'a> {
    /// Only this service's calls (one of the customer's).
    pub service_id: Option<Uuid>,
    /// Part of the number called.
    pub number: &'a str,
    /// From this day or instant (`YYYY-MM-DD` or RFC 3339), inclusive.
    pub from: Option<&'a str>,
    /// Until this day (inclusive) or instant (exclusive).
    pub to: Option<&'a str>,
    /// Rows to skip.
    pub offset: u64,
}

/// A page of the customer's calls, newest first; `limit` defaults to 100,
/// at most 500.
pub async fn list_calls(
    repos: &Repos,
    me: &CustomerPrincipal,
    filter: &CallFilter<'_>,
    limit: Option<u64>,
) -> Result<Page<MyCallView>, AppError> {
    let (items, total) = search(repos, me, filter, limit.unwrap_or(100).clamp(1, 500)).await?;
    Ok(Page { items, total })
}

/// Up to [`MAX_EXPORT`] of the customer's calls, newest first.
pub async fn export_calls(
    repos: &Repos,
    me: &CustomerPrincipal,
    filter: &CallFilter<'_>,
) -> Result<Vec<MyCallView>, AppError> {
    let (items, _) = search(
        repos,
        me,
        &CallFilter {
            offset: 0,
            ..*filter
        },
        MAX_EXPORT,
    )
    .await?;
    Ok(items)
}

async fn search(
    repos: &Repos,
    me: &CustomerPrincipal,
    f: &CallFilter<'_>,
    limit: u64,
) -> Result<(Vec<MyCallView>, u64), AppError> {
    let from = present(f.from)
        .map(|x| instant("from", x, false))
        .transpose()?;
    let to = present(f.to).map(|x| instant("to", x, true)).transpose()?;
    let tx = repos.tenant_read(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    let service = match f.service_id {
        Some(id) => {
            let mine = tx.customers().services_of(&[account.id]).await?;
            if !mine.iter().any(|s| Uuid::from(s.id) == id) {
                return Err(AppError::not_found("service"));
            }
            Some(ServiceId(id))
        }
        None => None,
    };
    let digits = tx
        .seller(ringledger_shared::ids::SellerId(customer.seller_id))
        .await?
        .map_or(0, |s| s.mask_called_digits.max(0) as u32);
    let query = CallQuery {
        account: account.id,
        service,
        number: f.number,
        from,
        to,
        offset: f.offset,
        limit,
    };
    let (rows, total) = tx.usage().account_calls(&query).await?;
    tx.commit().await?;
    Ok((rows.iter().map(|c| view(c, digits)).collect(), total))
}

/// A query parameter given with something in it.
fn present(x: Option<&str>) -> Option<&str> {
    x.filter(|x| !x.trim().is_empty())
}

fn view(c: &cdrs::Model, digits: u32) -> MyCallView {
    let mut charge = ringledger_shared::money::round_half_away(c.charge.0, 4);
    charge.rescale(4);
    MyCallView {
        id: c.id,
        service_id: c.service_id.map(Into::into),
        service_kind: c.service_kind.as_str().to_owned(),
        start_time: c.start_time,
        destination: mask_number(&c.destination, digits),
        duration_secs: c.duration_secs,
        billable_secs: c.billable_secs,
        covered_secs: c.covered_secs,
        charge,
    }
}
