//! The phone numbers of the customer's IP phone (SIP) and video services:
//! take one from the free inventory (or one it reserved), give one back.

use crate::audit::{self, Actor, Changes, Event};
use crate::auth::principal::{CustomerPrincipal, Origin};
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::services::customer_view::{Secrets, load};
use crate::services::my_account::{account_unavailable, my_account};
use crate::services::numbers::{Taker, give_back, take};
use crate::services::seller_tree::SellerTree;
use ringledger_db::entities::{account_services, customers};
use ringledger_db::repo::{Repos, TenantTx};
use ringledger_shared::api::customers::ServiceView;
use ringledger_shared::api::numbers::{NumberPick, QUARANTINE_DAYS};
use ringledger_shared::ids::{AccountId, ServiceId};
use ringledger_shared::status::AccountStatus;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a number could not be taken or given back.
    pub enum MyNumbersError {
        /// No such service or number of the customer's.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

async fn my_service(
    tx: &TenantTx,
    account: AccountId,
    id: Uuid,
) -> Result<account_services::Model, MyNumbersError> {
    tx.customers()
        .service(ServiceId(id))
        .await?
        .filter(|s| s.account_id == account && s.ended_at.is_none())
        .ok_or(MyNumbersError::NotFound("service"))
}

async fn record(
    tx: &TenantTx,
    customer: &customers::Model,
    event: Event,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), MyNumbersError> {
    let actor = Actor::Customer {
        id: customer.id.as_uuid(),
        email: customer.email.clone(),
    };
    let origin = Origin {
        at: now,
        ..Default::default()
    };
    audit::record(
        tx,
        &actor,
        origin,
        event.customer(customer.id.as_uuid()),
        now,
    )
    .await?;
    Ok(())
}

/// The customer's service `id` takes the number `pick` names (free, or
/// reserved with its secret); its setup fee goes on the next invoice and
/// its monthly fee is billed from today. Answers the service.
pub async fn take_number(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    me: &CustomerPrincipal,
    id: Uuid,
    pick: &NumberPick,
) -> Result<ServiceView, MyNumbersError> {
    let tx = repos.tenant(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    if account.status != AccountStatus::Active {
        return Err(account_unavailable().into());
    }
    let service = my_service(&tx, account.id, id).await?;
    let tree = SellerTree::load(&tx).await?;
    let now = clock.now();
    let who = Taker {
        field: "id".into(),
        by: &customer.email,
        now,
    };
    let number = take(&tx, &tree, &service, &account, pick, &who).await?;
    let event = Event::new("number.taken", "phone_number", number.id).changes(
        Changes::none()
            .to("number", &number.number)
            .to("service_id", service.id.0),
    );
    record(&tx, &customer, event, now).await?;
    let view = load(vault, clock, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    view.services
        .into_iter()
        .find(|s| s.id == service.id.0)
        .ok_or(MyNumbersError::NotFound("service"))
}

/// Gives number `number_id` of the customer's service `id` back: billed
/// until today, then quarantined before it is offered again.
pub async fn give_back_number(
    repos: &Repos,
    clock: &dyn Clock,
    me: &CustomerPrincipal,
    id: Uuid,
    number_id: Uuid,
) -> Result<(), MyNumbersError> {
    let tx = repos.tenant(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    let service = my_service(&tx, account.id, id).await?;
    let number = tx
        .numbers()
        .number(number_id)
        .await?
        .filter(|n| n.service_id == Some(service.id.0) && n.status == "assigned")
        .ok_or(MyNumbersError::NotFound("number"))?;
    let now = clock.now();
    if !give_back(&tx, &number, QUARANTINE_DAYS, now).await? {
        return Err(MyNumbersError::NotFound("number"));
    }
    let event = Event::new("number.given_back", "phone_number", number.id).changes(
        Changes::none()
            .set("status", "assigned", "quarantined")
            .to("number", &number.number),
    );
    record(&tx, &customer, event, now).await?;
    tx.commit().await?;
    Ok(())
}
