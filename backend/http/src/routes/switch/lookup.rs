//! `GET /api/v1/switch/lookup?pin=…|ani=…|sip_user=…`.

use crate::error::ApiResult;
use crate::extract::Switch;
use actix_web::{get, web};
use ringledger_core::error::AppError;
use ringledger_core::services::provisioning::e164;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::LookupView;
use ringledger_shared::rating::ServiceKind;
use serde::Deserialize;

/// Exactly one identifier.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LookupQuery {
    /// A calling-card PIN.
    pub pin: Option<String>,
    /// A caller number (any usual format).
    pub ani: Option<String>,
    /// A SIP or video username.
    pub sip_user: Option<String>,
}

fn unknown() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "unknown_identifier: no service has this identifier",
    )
}

/// The account and service an identifier belongs to (and, for SIP/video,
/// the password the switch checks the device's digest against).
#[utoipa::path(get, path = "/api/v1/switch/lookup", tag = "switch", params(LookupQuery), security(("switch_key" = [])),
    responses((status = 200, body = LookupView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 401, body = ringledger_shared::error::ErrorBody), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/switch/lookup")]
pub async fn lookup(
    Switch(sw): Switch,
    state: web::Data<AppState>,
    q: web::Query<LookupQuery>,
) -> ApiResult<web::Json<LookupView>> {
    let given = [q.pin.is_some(), q.ani.is_some(), q.sip_user.is_some()]
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
    let tx = state.repos().tenant(sw.tenant_id).await?;
    let (account_id, service_id, kind, sip_password) = if let Some(pin) = &q.pin {
        let card = tx.card_by_pin(pin.trim()).await?.ok_or_else(unknown)?;
        let account = card.account_id.ok_or_else(unknown)?;
        (account, card.service_id, ServiceKind::CallingCard, None)
    } else if let Some(ani) = &q.ani {
        let number = e164(ani).ok_or_else(|| {
            AppError::new(ErrorCode::ValidationFailed, "ani is not a phone number")
                .with_field("ani")
        })?;
        let row = tx.ani(&number).await?.ok_or_else(unknown)?;
        (
            row.account_id,
            Some(row.service_id),
            ServiceKind::Pinless,
            None,
        )
    } else {
        let user = q.sip_user.as_deref().unwrap_or_default().trim();
        let row = tx.sip_by_username(user).await?.ok_or_else(unknown)?;
        let kind = if row.media == "video" {
            ServiceKind::Video
        } else {
            ServiceKind::Sip
        };
        let password = state
            .secrets()
            .open(&row.secret_enc)
            .map_err(AppError::internal)?;
        (row.account_id, Some(row.service_id), kind, Some(password))
    };
    let account = tx.account(account_id).await?.ok_or_else(unknown)?;
    let service_status = match service_id {
        Some(id) => tx
            .service(id)
            .await?
            .map(|s| s.status.to_string())
            .unwrap_or_else(|| "closed".into()),
        None => "stock".into(),
    };
    tx.commit().await?;
    Ok(web::Json(LookupView {
        account_id: account.id,
        customer_id: Some(account.customer_id),
        service_id,
        kind,
        account_status: account.status.to_string(),
        service_status,
        sip_password,
    }))
}
