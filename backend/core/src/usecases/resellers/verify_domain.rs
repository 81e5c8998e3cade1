//! A parent proves a direct reseller's custom domain: the DNS TXT record
//! with the challenge must be published; only then does the domain serve
//! the reseller's portal.

use crate::auth::principal::StaffPrincipal;
use crate::ports::Deps;
use crate::services::domains;
use crate::services::resellers::view_one;
use crate::services::seller_tree::SellerTree;
use ringledger_shared::api::resellers::ResellerView;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a custom domain could not be verified.
    pub enum VerifyDomainError {
        /// No direct reseller of the staff's seller has this id.
        #[error("reseller not found")]
        ResellerNotFound,
        /// The reseller has no custom domain to verify.
        #[error("this reseller has no custom domain")]
        NoDomain,
    }
}

/// Looks the challenge's TXT record up and, when it is there, maps direct
/// reseller `id`'s custom domain to its portal. Verifying a verified domain
/// again is harmless.
pub async fn verify_domain(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<ResellerView, VerifyDomainError> {
    let tx = deps.repos().tenant(staff.tenant_id).await?;
    let tree = SellerTree::load(&tx).await?;
    let seller = tree
        .get(id)
        .filter(|s| s.parent_id == Some(staff.seller_id.as_uuid()))
        .cloned()
        .ok_or(VerifyDomainError::ResellerNotFound)?;
    let host = tx
        .sellers()
        .hosts_of(&[seller.id])
        .await?
        .into_iter()
        .next()
        .ok_or(VerifyDomainError::NoDomain)?;
    domains::prove(deps.dns, &host).await?;
    if host.verified_at.is_none() {
        tx.sellers()
            .verify_host(seller.id, deps.clock().now())
            .await?;
    }
    let view = view_one(deps.settings(), &tx, &tree, &seller).await?;
    tx.commit().await?;
    Ok(view)
}
