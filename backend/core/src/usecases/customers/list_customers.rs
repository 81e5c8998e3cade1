//! The customers of the staff's seller and of every reseller below it.

use crate::auth::principal::StaffPrincipal;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::customer_view::{Secrets, load_many};
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::Repos;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::api::sort::Sort;
use ringledger_shared::rating::ServiceKind;

/// A search of the customers: e-mail or name containing `q`, holding a
/// service of `kind` if given, one page of `limit` from `offset`.
pub struct CustomerSearch<'a> {
    /// Text in the e-mail or name.
    pub q: &'a str,
    /// A service kind the customer holds.
    pub kind: Option<ServiceKind>,
    /// Rows skipped.
    pub offset: u64,
    /// Rows at most.
    pub limit: u64,
    /// The order (default: newest first).
    pub sort: Option<Sort>,
}

/// The columns the customers list sorts by.
pub const SORT_COLUMNS: &[&str] = &["name", "email", "status", "created_at"];

/// One page of the staff's customers (newest first) matching `search`.
pub async fn list_customers(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    staff: &StaffPrincipal,
    search: CustomerSearch<'_>,
) -> Result<Page<CustomerView>, AppError> {
    let tx = StaffTx::open_read(repos, staff).await?;
    let (rows, total) = tx
        .customers()
        .list_customers(
            search.q,
            search.kind.map(|k| k.as_str()),
            (search.offset, search.limit),
            search.sort,
        )
        .await?;
    let items = load_many(vault, clock, &tx, &rows, Secrets::Hide).await?;
    tx.commit().await?;
    Ok(Page { items, total })
}
