//! Every payment the staff member may see (their seller and the resellers
//! below it): received, failed, pending and refunded, filtered, a page at
//! a time — and all of them for the CSV export.

use crate::auth::principal::StaffPrincipal;
use crate::error::{AppError, AppResult};
use crate::services::payments::views::payment_view;
use crate::usecases::customers::staff_customer;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::entities::payments;
use ringledger_db::repo::PaymentFilter;
use ringledger_db::repo::{Repos, TenantTx};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::Page;
use ringledger_shared::api::payments::{PaymentQuery, PaymentView};
use ringledger_shared::ids::CustomerId;
use ringledger_shared::status::{PaymentMethod, PaymentStatus};
use std::collections::HashMap;

/// The most payments one page answers.
pub const MAX_PAGE: u64 = 200;

/// The most payments one export holds.
pub const MAX_EXPORT: u64 = 50_000;

fn bad(field: &str, message: String) -> AppError {
    AppError::new(ErrorCode::ValidationFailed, message).with_field(field.to_owned())
}

fn given(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The filter `q` asks for (without its seller scope), its offset and
/// page size.
fn parse(q: &PaymentQuery) -> AppResult<(PaymentFilter, Option<CustomerId>, u64, u64)> {
    let mut f = PaymentFilter::default();
    match given(&q.status) {
        None => {}
        Some("refunded") => f.refunded = true,
        Some(s) => {
            f.status = Some(PaymentStatus::parse(s).ok_or_else(|| {
                bad(
                    "status",
                    "status must be pending, succeeded, failed, canceled or refunded".into(),
                )
            })?);
        }
    }
    if let Some(m) = given(&q.method) {
        f.method = Some(
            PaymentMethod::parse(m)
                .ok_or_else(|| bad("method", "method must be card or manual".into()))?,
        );
    }
    let day =
        |field: &str, raw: &Option<String>| -> AppResult<Option<chrono::DateTime<chrono::Utc>>> {
            match given(raw) {
                None => Ok(None),
                Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|d| Some(d.and_utc()))
                    .ok_or_else(|| bad(field, format!("{field} must be a date like 2026-11-01"))),
            }
        };
    f.from = day("from", &q.from)?;
    f.to = day("to", &q.to)?.map(|d| d + chrono::Duration::days(1));
    let customer = match given(&q.customer_id) {
        None => None,
        Some(s) => {
            Some(CustomerId(uuid::Uuid::parse_str(s).map_err(|_| {
                bad("customer_id", "customer_id must be an id".into())
            })?))
        }
    };
    let number =
        |field: &str, raw: &Option<String>, default: u64, max: u64| -> AppResult<u64> {
            match given(raw) {
                None => Ok(default),
                Some(s) => s.parse::<u64>().ok().filter(|n| *n <= max).ok_or_else(|| {
                    bad(field, format!("{field} must be a whole number up to {max}"))
                }),
            }
        };
    let offset = number("offset", &q.offset, 0, 10_000_000)?;
    let limit = number("limit", &q.limit, 50, MAX_PAGE)?.max(1);
    Ok((f, customer, offset, limit))
}

/// One page of the payments matching `q`, newest first, with their
/// customers' names.
pub async fn list_payments(
    repos: &Repos,
    staff: &StaffPrincipal,
    q: &PaymentQuery,
) -> Result<Page<PaymentView>, AppError> {
    let (filter, customer, offset, limit) = parse(q)?;
    read(repos, staff, filter, customer, offset, limit).await
}

/// Every payment matching `q` (at most [`MAX_EXPORT`]), newest first.
pub async fn export_payments(
    repos: &Repos,
    staff: &StaffPrincipal,
    q: &PaymentQuery,
) -> Result<Vec<PaymentView>, AppError> {
    let (filter, customer, _, _) = parse(q)?;
    Ok(read(repos, staff, filter, customer, 0, MAX_EXPORT)
        .await?
        .items)
}

async fn read(
    repos: &Repos,
    staff: &StaffPrincipal,
    mut filter: PaymentFilter,
    customer: Option<CustomerId>,
    offset: u64,
    limit: u64,
) -> Result<Page<PaymentView>, AppError> {
    let tx = StaffTx::open_read(repos, staff).await?;
    filter.sellers = tx.sellers().map(<[_]>::to_vec);
    if let Some(id) = customer {
        filter.account = Some(staff_customer(&tx, id).await?.1.id);
    }
    let (rows, total) = tx.payments().list(&filter, offset, limit).await?;
    let ids: Vec<_> = rows.iter().map(|p| p.id).collect();
    let refunds = tx.payments().refunds_of(&ids).await?;
    let mut accounts: Vec<_> = rows.iter().map(|p| p.account_id).collect();
    accounts.sort_unstable_by_key(|a| a.as_uuid());
    accounts.dedup();
    // The payments' own accounts and customers (already in scope).
    let accounts = TenantTx::usage(&tx).accounts_by_ids(&accounts).await?;
    let customer_of: HashMap<_, _> = accounts.iter().map(|a| (a.id, a.customer_id)).collect();
    let mut customer_ids: Vec<_> = accounts.iter().map(|a| a.customer_id).collect();
    customer_ids.sort_unstable_by_key(|c| c.as_uuid());
    customer_ids.dedup();
    let customers: HashMap<_, _> = TenantTx::customers(&tx)
        .customers_by_ids(&customer_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    tx.commit().await?;
    let view = |p: &payments::Model| {
        let who = customer_of
            .get(&p.account_id)
            .and_then(|c| customers.get(c));
        let mut v = payment_view(p, &refunds, who.map(|c| c.id.as_uuid()));
        v.customer_name = who.map(|c| c.name.clone());
        v.customer_email = who.map(|c| c.email.clone());
        v
    };
    Ok(Page {
        items: rows.iter().map(view).collect(),
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(status: &str, from: &str, limit: &str) -> PaymentQuery {
        PaymentQuery {
            status: Some(status.into()),
            from: Some(from.into()),
            limit: Some(limit.into()),
            ..Default::default()
        }
    }

    #[test]
    fn filters_are_checked_naming_the_field() {
        let field = |r: AppResult<_>| r.err().and_then(|e: AppError| e.field);
        assert_eq!(field(parse(&q("paid", "", ""))), Some("status".into()));
        assert_eq!(field(parse(&q("", "2026-13-01", ""))), Some("from".into()));
        assert_eq!(field(parse(&q("", "", "201"))), Some("limit".into()));
        let (f, _, offset, limit) = parse(&q("refunded", "2026-11-01", "")).unwrap_or_default();
        assert!(f.refunded && f.status.is_none());
        assert_eq!((offset, limit), (0, 50));
        assert!(f.from.is_some());
    }
}
