//! Provisioning a checked service: the service row and its identifiers
//! (a calling card, caller numbers, or a SIP user with a sealed password).

use super::Wanted;
use crate::auth::secret_box::Binding;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::error::{AppError, AppResult};
use crate::services::provisioning::{new_pin, new_serial, new_sip_username, random_password};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{account_services, anis, calling_cards, sellers, sip_accounts};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::ids::{AccountId, ServiceId};
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::status::{CardStatus, ServiceStatus};
use uuid::Uuid;

/// Creates a service on an account with its identifiers.
pub async fn provision(
    vault: &SecretBox,
    clock: &dyn Clock,
    tx: &TenantTx,
    seller: &sellers::Model,
    account_id: AccountId,
    w: Wanted,
    subscription: Option<Uuid>,
) -> AppResult<account_services::Model> {
    let now = clock.now();
    let tenant_id = tx.tenant_id().as_uuid();
    let service = tx
        .customers()
        .insert_service(account_services::Model {
            tenant_id,
            id: Uuid::now_v7().into(),
            account_id,
            kind: w.kind,
            plan_id: w.plan_id,
            bundle_subscription_id: subscription,
            status: ServiceStatus::Active,
            created_at: now,
            ended_at: None,
        })
        .await?;
    match w.kind {
        ServiceKind::CallingCard => {
            let card = calling_cards::Model {
                tenant_id,
                id: Uuid::now_v7(),
                seller_id: seller.id,
                pin: new_pin(tx, seller.pin_length as usize).await?,
                serial: new_serial(tx).await?,
                batch_id: None,
                account_id: Some(account_id),
                service_id: Some(service.id),
                initial_balance: DbDecimal::default(),
                expires_on: None,
                status: CardStatus::Active,
                created_at: now,
            };
            tx.customers().insert_cards(vec![card]).await?;
        }
        ServiceKind::Pinless => {
            for number in w.anis {
                add_ani(tx, account_id, service.id, number, now).await?;
            }
        }
        ServiceKind::Sip | ServiceKind::Video => {
            let bound = Binding::sip(tenant_id, service.id.as_uuid());
            let sealed = vault
                .seal(&random_password(), &bound)
                .map_err(AppError::internal)?;
            tx.customers()
                .insert_sip(sip_accounts::Model {
                    tenant_id,
                    id: Uuid::now_v7(),
                    account_id,
                    service_id: service.id,
                    username: new_sip_username(tx).await?,
                    secret_enc: sealed,
                    media: if w.kind == ServiceKind::Video {
                        "video"
                    } else {
                        "audio"
                    }
                    .into(),
                    created_at: now,
                })
                .await?;
        }
    }
    Ok(service)
}

/// Registers a checked caller number; a concurrent duplicate is a conflict.
pub async fn add_ani(
    tx: &TenantTx,
    account_id: AccountId,
    service_id: ServiceId,
    number: String,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    tx.customers()
        .insert_ani(anis::Model {
            tenant_id: tx.tenant_id().as_uuid(),
            number,
            account_id,
            service_id,
            created_at: now,
        })
        .await
        .map(|_| ())
        .map_err(|e| {
            if ringledger_db::repo::is_unique_violation(&e) {
                AppError::new(
                    ErrorCode::Conflict,
                    "a phone number was registered a moment ago",
                )
                .with_field("anis")
            } else {
                e.into()
            }
        })
}
