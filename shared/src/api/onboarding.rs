//! A new operator's first hour: which first steps are done.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `GET /api/v1/onboarding`: the dashboard's checklist, each step ticked by
/// what exists (opening the portal is ticked by the browser that opened
/// it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FirstStepsView {
    /// A rate deck is imported.
    pub rate_deck: bool,
    /// A plan is made.
    pub plan: bool,
    /// A switch key is issued (and not revoked).
    pub switch_key: bool,
    /// A customer exists.
    pub customer: bool,
    /// A bill run has run.
    pub bill_run: bool,
}
