//! Trading a refresh token for a new session (rotation): the presented
//! token is revoked and a new session issued in the same family. Presenting
//! an already-rotated token is taken as theft: the whole family is revoked.
//! Only session rows are written, which no cache reads: the transactions
//! are quiet (a portal's refreshes do not make its authorizations reload).

use crate::auth::principal::suspended;
use crate::auth::session::Issued;
use crate::auth::{refresh, session};
use crate::ports::Deps;
use crate::site::Site;
use ringledger_db::repo::{PlatformTx, TenantTx};
use ringledger_shared::api::TenantStatus;
use ringledger_shared::ids::{AdminId, CustomerId, UserId};
use ringledger_shared::status::{CustomerStatus, SubjectKind};

crate::use_case_error! {
    /// Why no session was issued.
    pub enum RefreshError {
        /// No token, or one unknown, expired, revoked or of a subject gone.
        #[error("the session has ended; sign in again")]
        InvalidToken,
    }
}

/// Rotates the presented refresh `token` on `site` (an admin's on the
/// platform site, a staff user's or customer's on a portal); answers the
/// new session.
pub async fn refresh_session(
    deps: Deps<'_>,
    site: &Site,
    token: Option<&str>,
) -> Result<Issued, RefreshError> {
    let token = token.ok_or(RefreshError::InvalidToken)?;
    let (id, secret) = refresh::parse(token).ok_or(RefreshError::InvalidToken)?;
    let now = deps.clock().now();
    match site {
        Site::Platform => {
            let tx = deps.repos().platform_claims().await?;
            let row = tx
                .admin_refresh(id)
                .await?
                .filter(|r| refresh::matches(secret, &r.token_hash));
            let row = row.ok_or(RefreshError::InvalidToken)?;
            if row.revoked_at.is_some() {
                tx.revoke_admin_family(row.family_id, now).await?;
                tx.commit().await?;
                return Err(RefreshError::InvalidToken);
            }
            // Compare-and-set, as for tenants: of two concurrent refreshes
            // with one token, one rotates it and the other is refused.
            if row.expires_at <= now || !tx.revoke_admin_refresh(row.id, now).await? {
                return Err(RefreshError::InvalidToken);
            }
            let session = admin_session(deps, &tx, row.admin_id, row.family_id).await?;
            tx.commit().await?;
            Ok(session)
        }
        Site::Seller(s) => {
            let tx = deps.repos().tenant_quiet(s.tenant_id).await?;
            let row = tx
                .refresh(id)
                .await?
                .filter(|r| refresh::matches(secret, &r.token_hash));
            let row = row.ok_or(RefreshError::InvalidToken)?;
            if row.revoked_at.is_some() {
                tx.revoke_family(row.family_id, now).await?;
                tx.commit().await?;
                return Err(RefreshError::InvalidToken);
            }
            if row.expires_at <= now || !tx.revoke_refresh(row.id, now).await? {
                return Err(RefreshError::InvalidToken);
            }
            let tenant = tx.tenant().await?.ok_or(RefreshError::InvalidToken)?;
            if tenant.status != TenantStatus::Active {
                return Err(suspended().into());
            }
            let session = tenant_session(deps, &tx, s.seller_id.as_uuid(), &row, &tenant).await?;
            tx.commit().await?;
            Ok(session)
        }
    }
}

/// A new session for admin `admin_id`, continuing `family`.
async fn admin_session(
    deps: Deps<'_>,
    tx: &PlatformTx,
    admin_id: uuid::Uuid,
    family: uuid::Uuid,
) -> Result<Issued, RefreshError> {
    let admin = tx
        .admin(AdminId(admin_id))
        .await?
        .ok_or(RefreshError::InvalidToken)?;
    Ok(session::issue_admin(deps, tx, &admin, Some(family)).await?)
}

/// A new session for the refresh row's subject (a staff user, or a
/// customer of `seller` who may still sign in), continuing its family.
async fn tenant_session(
    deps: Deps<'_>,
    tx: &TenantTx,
    seller: uuid::Uuid,
    row: &ringledger_db::entities::refresh_tokens::Model,
    tenant: &ringledger_db::entities::tenants::Model,
) -> Result<Issued, RefreshError> {
    // Customers' sessions rotate like staff's (a portal reload, or the way
    // back from a payment page, restores them).
    if row.subject_kind == SubjectKind::Customer {
        let customer = tx
            .customers()
            .customer(CustomerId(row.subject_id))
            .await?
            .filter(|c| {
                c.seller_id == seller
                    && c.status != CustomerStatus::Suspended
                    && c.status != CustomerStatus::Closed
            })
            .ok_or(RefreshError::InvalidToken)?;
        Ok(session::issue_customer(deps, tx, &customer, tenant, Some(row.family_id)).await?)
    } else {
        // Staff sessions belong to their seller's site, like customers'.
        let user = tx
            .user(UserId(row.subject_id))
            .await?
            .filter(|u| u.seller_id == seller)
            .ok_or(RefreshError::InvalidToken)?;
        Ok(session::issue_staff(deps, tx, &user, tenant, Some(row.family_id)).await?)
    }
}
