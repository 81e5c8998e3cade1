//! The logo of a seller's portal.

use crate::site::Site;
use ringledger_db::entities::seller_logos;
use ringledger_db::repo::Repos;

crate::use_case_error! {
    /// Why there is no logo to show.
    pub enum GetLogoError {
        /// Not a seller's portal, or the seller uploaded none.
        #[error("logo not found")]
        LogoNotFound,
    }
}

/// The logo (type and bytes) the seller of `site` uploaded.
pub async fn get_logo(repos: &Repos, site: &Site) -> Result<seller_logos::Model, GetLogoError> {
    let Site::Seller(s) = site else {
        return Err(GetLogoError::LogoNotFound);
    };
    let tx = repos.tenant_read(s.tenant_id).await?;
    let logo = tx
        .sellers()
        .logo(s.seller_id.as_uuid())
        .await?
        .ok_or(GetLogoError::LogoNotFound)?;
    tx.commit().await?;
    Ok(logo)
}
