//! Calls fraud control refused, as the audit log recorded them
//! (`call.refused`), within the staff's sellers.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::services::fraud::refusals::ACTION;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::{AuditFilter, Repos};
use ringledger_shared::api::fraud::{RefusedCall, RefusedCallList};
use uuid::Uuid;

/// The latest 200 refused calls (of `customer`, when given), newest first.
pub async fn list_refused(
    repos: &Repos,
    staff: &StaffPrincipal,
    customer: Option<Uuid>,
) -> Result<RefusedCallList, AppError> {
    let tx = StaffTx::open_read(repos, staff).await?;
    let filter = AuditFilter {
        action: Some(ACTION.to_owned()),
        customer_id: customer,
        sellers: tx.sellers().map(<[_]>::to_vec),
        ..AuditFilter::default()
    };
    let events = tx.audit().list(&filter, 200).await?;
    tx.commit().await?;
    let items = events
        .into_iter()
        .map(|e| {
            let changes: serde_json::Value = serde_json::from_str(&e.changes).unwrap_or_default();
            let to = |field: &str| changes[field]["to"].clone();
            RefusedCall {
                at: e.at,
                customer_id: e.customer_id,
                service_id: e.object_id.as_deref().and_then(|id| id.parse().ok()),
                reason: to("reason").as_str().unwrap_or_default().to_owned(),
                destination: to("destination").as_str().unwrap_or_default().to_owned(),
                refused_before: to("refused_before").as_u64().unwrap_or(0),
            }
        })
        .collect();
    Ok(RefusedCallList { items })
}
