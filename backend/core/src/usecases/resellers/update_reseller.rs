//! A parent changes a direct reseller's terms.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::config::Settings;
use crate::error::AppError;
use crate::services::resellers::{check_domain, view_one};
use crate::services::seller_tree::SellerTree;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::repo::Repos;
use ringledger_shared::api::resellers::{
    ResellerView, UpdateResellerRequest, markup_value, parse_domain, parse_markup,
};
use ringledger_shared::status::MarkupKind;
use ringledger_shared::validate;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a reseller's terms could not be changed.
    pub enum UpdateResellerError {
        /// No direct reseller of the staff's seller has this id.
        #[error("reseller not found")]
        ResellerNotFound,
    }
}

/// Changes direct reseller `id`'s terms (markup, fee, custom domain). New
/// prices apply to calls rated from now on.
pub async fn update_reseller(
    repos: &Repos,
    clock: &dyn Clock,
    settings: &Settings,
    staff: &StaffPrincipal,
    id: Uuid,
    req: &UpdateResellerRequest,
) -> Result<ResellerView, UpdateResellerError> {
    let tx = repos.tenant(staff.tenant_id).await?;
    let tree = SellerTree::load(&tx).await?;
    // Only the parent sets a reseller's terms.
    let mut seller = tree
        .get(id)
        .filter(|s| s.parent_id == Some(staff.seller_id.as_uuid()))
        .cloned()
        .ok_or(UpdateResellerError::ResellerNotFound)?;
    let currency = tx.currency().await?;
    let before = view_one(settings, &tx, &tree, &seller).await?;
    let mut errors = Vec::new();
    if req.markup_kind.is_some() || req.markup_value.is_some() {
        let kind = req
            .markup_kind
            .clone()
            .unwrap_or_else(|| seller.markup_kind.to_string());
        let value = req
            .markup_value
            .clone()
            .unwrap_or(seller.markup_value.0.to_string());
        match parse_markup(&kind, &value) {
            Ok(m) => {
                seller.markup_kind = MarkupKind::of(&m);
                seller.markup_value = DbDecimal(markup_value(&m));
                seller.own_deck_id = None;
            }
            Err(e) => errors.push(e),
        }
    }
    if let Some(fee) = &req.reseller_fee {
        match validate::price("reseller_fee", fee, currency) {
            Ok(f) => seller.reseller_fee = DbDecimal(f),
            Err(e) => errors.push(e),
        }
    }
    let domain = match req.custom_domain.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(raw) => match parse_domain("custom_domain", raw) {
            Ok(d) => Some(Some(d)),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(AppError::from_fields(errors).into());
    }
    let now = clock.now();
    if let Some(domain) = domain {
        let current = tx.sellers().hosts_of(&[seller.id]).await?;
        let unchanged = domain.as_deref() == current.first().map(|h| h.hostname.as_str());
        if !unchanged {
            if let Some(d) = &domain {
                check_domain(settings, &tx, d, now).await?;
            }
            let challenge = crate::services::domains::new_challenge();
            let claim = domain.as_deref().map(|d| (d, challenge.as_str()));
            tx.sellers()
                .set_custom_domain(seller.id, claim, now)
                .await?;
        }
    }
    // The tree's shape (depth, host, children) is unchanged by new terms.
    let saved = tx.sellers().update_seller_profile(seller).await?;
    let v = view_one(settings, &tx, &tree, &saved).await?;
    let event = Event::new("reseller.terms_changed", "seller", saved.id)
        .seller(staff.seller_id.as_uuid())
        .changes(Changes::diff(&before, &v));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(v)
}
