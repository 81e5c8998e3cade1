//! Listing the plans.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::views::plan_view;
use ringledger_db::repo::Repos;
use ringledger_shared::api::catalog::PlanView;

/// Every plan, by name.
pub async fn list_plans(repos: &Repos, staff: &StaffPrincipal) -> Result<Vec<PlanView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let plans = tx.catalog().list_plans().await?;
    tx.commit().await?;
    Ok(plans.iter().map(plan_view).collect())
}
