//! The on-net rate: what a call to one of the tenant's own phone numbers
//! (held by a service) costs a minute, instead of a call to those digits.
//! The operator sets it; resellers sell it with their markups.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::services::seller_tree::require_operator;
use ringledger_db::entities::sellers;
use ringledger_db::repo::{Repos, TenantTx};
use ringledger_shared::api::numbers::OnNetSettings;
use ringledger_shared::error::FieldError;

crate::use_case_error! {
    /// Why the on-net rate could not be read or set.
    pub enum OnNetError {
        /// The tenant's operator row is missing.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

async fn operator(tx: &TenantTx) -> Result<sellers::Model, OnNetError> {
    tx.sellers()
        .all_sellers()
        .await?
        .into_iter()
        .find(|s| s.parent_id.is_none())
        .ok_or(OnNetError::NotFound("operator"))
}

fn view(s: &sellers::Model) -> OnNetSettings {
    let rate = s.on_net_rate.0.normalize();
    OnNetSettings {
        rate_per_minute: if rate.scale() < 2 {
            ringledger_shared::money::with_places(rate, 2)
        } else {
            rate
        },
    }
}

/// The tenant's on-net rate.
pub async fn get_on_net(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<OnNetSettings, OnNetError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let op = operator(&tx).await?;
    tx.commit().await?;
    Ok(view(&op))
}

/// Sets the on-net rate (the operator's staff only): 0 to 1,000,000, at
/// most 6 decimal places. Applies to calls authorized and rated from now on.
pub async fn put_on_net(
    repos: &Repos,
    staff: &StaffPrincipal,
    req: &OnNetSettings,
) -> Result<OnNetSettings, OnNetError> {
    // The rule of a deck's rate: 0 to 1,000,000, at most 6 decimals (a
    // bigger one would not fit the column).
    let rate = ringledger_shared::rating::deck_csv::parse_amount(&req.rate_per_minute.to_string())
        .map_err(|m| FieldError::new("rate_per_minute", m))?;
    let tx = repos.tenant(staff.tenant_id).await?;
    require_operator(&tx, staff).await?;
    let op = operator(&tx).await?;
    let before = view(&op);
    tx.sellers().set_on_net_rate(op.id, rate).await?;
    let after = view(&sellers::Model {
        on_net_rate: ringledger_db::entities::decimal::DbDecimal(rate),
        ..op
    });
    let event = Event::new("on_net_rate.changed", "seller", staff.seller_id)
        .changes(Changes::diff(&before, &after));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(after)
}
