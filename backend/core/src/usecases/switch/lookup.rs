//! The account and service an identifier (PIN, caller number, SIP or
//! video username) belongs to.

use crate::auth::secret_box::Binding;
use crate::auth::secret_box::SecretBox;
use crate::auth::switch_key::SwitchPrincipal;
use crate::error::AppError;
use crate::services::provisioning::e164;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::LookupView;
use ringledger_shared::rating::ServiceKind;

crate::use_case_error! {
    /// Why an identifier could not be looked up.
    pub enum LookupError {
        /// No service (or no account) has this identifier.
        #[error("unknown_identifier: no service has this identifier")]
        UnknownIdentifier,
    }
}

/// Looks up exactly one of `pin`, `ani` and `sip_user`: the account and
/// service it belongs to and (for SIP/video) the password the switch checks
/// the device's digest against.
pub async fn lookup(
    repos: &Repos,
    vault: &SecretBox,
    sw: &SwitchPrincipal,
    pin: Option<&str>,
    ani: Option<&str>,
    sip_user: Option<&str>,
) -> Result<LookupView, LookupError> {
    let given = [pin.is_some(), ani.is_some(), sip_user.is_some()]
        .iter()
        .filter(|x| **x)
        .count();
    if given != 1 {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "give exactly one of pin, ani, sip_user",
        )
        .with_field("pin")
        .into());
    }
    // Nothing is written: a read transaction (no write lock on SQLite).
    let tx = repos.tenant_read(sw.tenant_id).await?;
    let (account_id, service_id, kind, sip_password) = if let Some(pin) = pin {
        let card = tx
            .customers()
            .card_by_pin(pin.trim())
            .await?
            .ok_or(LookupError::UnknownIdentifier)?;
        let account = card.account_id.ok_or(LookupError::UnknownIdentifier)?;
        (account, card.service_id, ServiceKind::CallingCard, None)
    } else if let Some(ani) = ani {
        let number = e164(ani).ok_or_else(|| {
            AppError::new(ErrorCode::ValidationFailed, "ani is not a phone number")
                .with_field("ani")
        })?;
        let row = tx
            .customers()
            .ani(&number)
            .await?
            .ok_or(LookupError::UnknownIdentifier)?;
        (
            row.account_id,
            Some(row.service_id),
            ServiceKind::Pinless,
            None,
        )
    } else {
        let user = sip_user.unwrap_or_default().trim();
        let row = tx
            .customers()
            .sip_by_username(user)
            .await?
            .ok_or(LookupError::UnknownIdentifier)?;
        let kind = if row.media == "video" {
            ServiceKind::Video
        } else {
            ServiceKind::Sip
        };
        let bound = Binding::sip(row.tenant_id, row.service_id.as_uuid());
        let password = vault
            .open(&row.secret_enc, &bound)
            .map_err(AppError::internal)?;
        (row.account_id, Some(row.service_id), kind, Some(password))
    };
    let account = tx
        .customers()
        .account(account_id)
        .await?
        .ok_or(LookupError::UnknownIdentifier)?;
    let service_status = match service_id {
        Some(id) => tx
            .customers()
            .service(id)
            .await?
            .map(|s| s.status.to_string())
            .unwrap_or_else(|| "closed".into()),
        None => "stock".into(),
    };
    tx.commit().await?;
    Ok(LookupView {
        account_id: account.id.into(),
        customer_id: Some(account.customer_id.into()),
        service_id: service_id.map(Into::into),
        kind,
        account_status: account.status.to_string(),
        service_status,
        sip_password,
    })
}
