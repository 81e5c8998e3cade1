//! The proof of the whole tenant's books.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::services::books;
use ringledger_db::repo::Repos;
use ringledger_shared::api::books::BooksCheckReport;

/// Checks the tenant's books: every journal sums to zero, every stored
/// balance equals its postings, every rated call is posted once per chain
/// level at that level's price, every invoice equals its postings; and
/// each seller's trial balance. The caller is the operator's staff.
pub async fn check_books(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<BooksCheckReport, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let report = books::check(&tx).await?;
    tx.commit().await?;
    Ok(report)
}
