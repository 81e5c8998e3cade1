//! The operator's high-risk prefixes (premium rate, satellite, known fraud
//! ranges): listed, exported and replaced by a CSV import. Resellers see
//! the operator's list; only the operator changes it.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::entities::high_risk_prefixes;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::fraud::{
    HighRiskImported, HighRiskList, HighRiskPrefix, parse_high_risk_csv,
};

/// Every high-risk prefix, in digit order.
pub async fn list_high_risk(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<HighRiskList, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let rows = tx.fraud().high_risk().await?;
    tx.commit().await?;
    Ok(HighRiskList {
        prefixes: rows
            .into_iter()
            .map(|r| HighRiskPrefix {
                prefix: r.prefix,
                description: r.description,
            })
            .collect(),
    })
}

/// Replaces the list with the CSV `text` (the operator's staff only;
/// audited); answers how many prefixes it holds.
pub async fn import_high_risk(
    repos: &Repos,
    staff: &StaffPrincipal,
    text: &str,
) -> Result<HighRiskImported, AppError> {
    let prefixes = parse_high_risk_csv(text).map_err(|e| AppError::from_fields(vec![e]))?;
    let tx = StaffTx::open(repos, staff).await?;
    if !tx.scope().is_operator {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "only the operator marks high-risk prefixes",
        ));
    }
    // Imports one at a time (two at once would both insert the same
    // rows): the operator's row is the lock.
    tx.billing()
        .seller_for_update(staff.seller_id.as_uuid())
        .await?;
    let before = tx.fraud().high_risk().await?.len();
    let count = prefixes.len();
    let tenant = staff.tenant_id.as_uuid();
    tx.fraud()
        .replace_high_risk(
            prefixes
                .into_iter()
                .map(|p| high_risk_prefixes::Model {
                    tenant_id: tenant,
                    prefix: p.prefix,
                    description: p.description,
                })
                .collect(),
        )
        .await?;
    let event = Event::new("fraud.high_risk_imported", "seller", staff.seller_id)
        .changes(Changes::none().set("prefixes", before, count));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(HighRiskImported {
        prefixes: count as u64,
    })
}
