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
use ringledger_shared::rating::ServiceKind;

/// One page of the customers (newest first) whose e-mail or name contains
/// `q` and, if `kind` is given, that hold a service of that kind.
pub async fn list_customers(
    repos: &Repos,
    clock: &Clock,
    vault: &SecretBox,
    staff: &StaffPrincipal,
    q: &str,
    kind: Option<ServiceKind>,
    offset: u64,
    limit: u64,
) -> Result<Page<CustomerView>, AppError> {
    let tx = StaffTx::open(repos, staff).await?;
    let (rows, total) = tx
        .customers()
        .list_customers(q, kind.map(|k| k.as_str()), offset, limit)
        .await?;
    let items = load_many(vault, clock, &tx, &rows, Secrets::Hide).await?;
    tx.commit().await?;
    Ok(Page { items, total })
}
