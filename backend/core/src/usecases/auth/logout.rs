//! Ending a session: its whole refresh family is revoked.

use crate::auth::refresh;
use crate::clock::Clock;
use crate::error::AppError;
use crate::site::Site;
use ringledger_db::repo::Repos;

/// Revokes the family of the presented refresh `token` on `site` (an
/// admin's on the platform site, a tenant's on a portal). Idempotent: no
/// token, an unknown or an already revoked one does nothing. Session rows
/// are read by no cache, so the transactions are quiet: signing out does
/// not make the authorizations reload.
pub async fn logout(
    repos: &Repos,
    clock: &dyn Clock,
    site: &Site,
    token: Option<&str>,
) -> Result<(), AppError> {
    let Some((id, secret)) = token.and_then(refresh::parse) else {
        return Ok(());
    };
    let now = clock.now();
    match site {
        Site::Platform => {
            let tx = repos.platform_claims().await?;
            if let Some(row) = tx.admin_refresh(id).await?
                && refresh::matches(secret, &row.token_hash)
            {
                tx.revoke_admin_family(row.family_id, now).await?;
            }
            tx.commit().await?;
        }
        Site::Seller(s) => {
            let tx = repos.tenant_quiet(s.tenant_id).await?;
            if let Some(row) = tx.refresh(id).await?
                && refresh::matches(secret, &row.token_hash)
            {
                tx.revoke_family(row.family_id, now).await?;
            }
            tx.commit().await?;
        }
    }
    Ok(())
}
