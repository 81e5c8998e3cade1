//! Which of the first steps an operator has taken.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppResult;
use ringledger_db::repo::Repos;
use ringledger_shared::api::onboarding::FirstStepsView;

/// The operator's first steps: a rate deck, a plan, a switch key, a
/// customer and a bill run, each ticked once one exists.
pub async fn first_steps(repos: &Repos, staff: &StaffPrincipal) -> AppResult<FirstStepsView> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let steps = tx.first_steps().await?;
    tx.commit().await?;
    Ok(steps)
}
