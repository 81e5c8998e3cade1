//! The customer adds another service to their account (with its new
//! credentials, shown once).

use crate::auth::principal::CustomerPrincipal;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::services::customer_signup::{check_service, provision};
use crate::services::customer_view::{Secrets, load};
use crate::services::my_account::{account_unavailable, my_account};
use crate::services::numbers::{Taker, take_all};
use crate::services::seller_tree::SellerTree;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::{ServiceRequest, ServiceView};
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::status::{AccountStatus, SubscriptionStatus};
use std::collections::HashSet;

crate::use_case_error! {
    /// Why a service could not be added.
    pub enum AddServiceError {
        /// The portal's seller (or the service just made) is gone.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

/// Adds the requested service to the calling customer's account; kinds
/// covered by an active bundle of the account need no plan. Answers the
/// new service with its credentials revealed.
pub async fn add_service(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    me: &CustomerPrincipal,
    request: &ServiceRequest,
) -> Result<ServiceView, AddServiceError> {
    let tx = repos.tenant(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    if account.status != AccountStatus::Active {
        return Err(account_unavailable().into());
    }
    // Kinds covered by the account's active bundles need no plan.
    let mut bundle_kinds: Vec<ServiceKind> = Vec::new();
    let mut subscription = None;
    let subs = tx.customers().subscriptions_of(&[account.id]).await?;
    let bundles = tx.catalog().list_bundles().await?;
    for sub in subs
        .iter()
        .filter(|s| s.status == SubscriptionStatus::Active)
    {
        if let Some((_, kinds, _)) = bundles.iter().find(|(b, _, _)| b.id == sub.bundle_id) {
            bundle_kinds.extend(kinds.iter().copied());
            subscription.get_or_insert(sub.id);
        }
    }
    let mut wanted = check_service(&tx, "", request, &bundle_kinds, &mut HashSet::new()).await?;
    let picks = std::mem::take(&mut wanted.numbers);
    let sub = if wanted.in_bundle && wanted.plan_id.is_none() {
        subscription
    } else {
        None
    };
    let seller = tx
        .seller(me.seller_id)
        .await?
        .ok_or(AddServiceError::NotFound("portal"))?;
    let service = provision(vault, clock, &tx, &seller, account.id, wanted, sub).await?;
    if !picks.is_empty() {
        let tree = SellerTree::load(&tx).await?;
        let who = Taker {
            field: "numbers".into(),
            by: &customer.email,
            now: clock.now(),
        };
        take_all(&tx, &tree, &service, &account, &picks, &who).await?;
    }
    let view = load(vault, clock, &tx, &customer, Secrets::Reveal).await?;
    tx.commit().await?;
    view.services
        .into_iter()
        .find(|s| s.id == service.id.0)
        .ok_or(AddServiceError::NotFound("service"))
}
