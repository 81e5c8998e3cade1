//! Inbound calls: which phone a call to one of the operator's numbers
//! rings — the SIP or video username of the service holding the number
//! (assigned, or porting out and still held).

use crate::auth::switch_key::SwitchPrincipal;
use crate::error::AppError;
use crate::services::provisioning::e164;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::numbers::InboundView;

/// The phone `number` rings; `404 not_found` when no service holds it.
pub async fn inbound(
    repos: &Repos,
    sw: &SwitchPrincipal,
    number: &str,
) -> Result<InboundView, AppError> {
    let digits = e164(number)
        .map(|n| n.trim_start_matches('+').to_owned())
        .ok_or_else(|| {
            AppError::new(ErrorCode::ValidationFailed, "number is not a phone number")
                .with_field("number")
        })?;
    let unknown = || AppError::not_found("number");
    let tx = repos.tenant_read(sw.tenant_id).await?;
    let found = tx
        .numbers()
        .numbers_in(std::slice::from_ref(&digits))
        .await?
        .into_iter()
        .find(|n| matches!(n.status.as_str(), "assigned" | "porting_out"))
        .ok_or_else(unknown)?;
    let (Some(service), Some(account)) = (found.service_id, found.account_id) else {
        return Err(unknown());
    };
    let account_id = ringledger_shared::ids::AccountId(account);
    let sip = tx
        .customers()
        .sips_of(&[account_id])
        .await?
        .into_iter()
        .find(|s| s.service_id.as_uuid() == service)
        .ok_or_else(unknown)?;
    tx.commit().await?;
    Ok(InboundView {
        number: digits,
        sip_username: sip.username,
        service_id: service,
        account_id: account,
    })
}
