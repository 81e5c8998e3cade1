//! "Your sessions": the live sessions of the signed-in login (staff or
//! customer) — where and on what each was last used — and revoking any of
//! them (its refresh token stops working and its access tokens are refused
//! at once).

use crate::clock::Clock;
use crate::error::{AppError, AppResult};
use ringledger_db::repo::Repos;
use ringledger_shared::api::team::{SessionInfoView, device_label};
use ringledger_shared::ids::TenantId;
use ringledger_shared::status::SubjectKind;
use uuid::Uuid;

/// Whose sessions: a login of a tenant, and the session asking.
#[derive(Debug, Clone, Copy)]
pub struct Login {
    /// The tenant.
    pub tenant: TenantId,
    /// Staff or customer.
    pub kind: SubjectKind,
    /// The user or customer id.
    pub subject: Uuid,
    /// The session of the request.
    pub current: Option<Uuid>,
}

/// The live sessions, most recently used first.
pub async fn list_sessions(
    repos: &Repos,
    clock: &dyn Clock,
    who: Login,
) -> AppResult<Vec<SessionInfoView>> {
    let tx = repos.tenant_read(who.tenant).await?;
    let live = tx.live_sessions(who.kind, who.subject, clock.now()).await?;
    // A family is named after its first token, whose row says when it was
    // signed in: one query for all of them.
    let families: Vec<Uuid> = live.iter().map(|r| r.family_id).collect();
    let started: std::collections::HashMap<Uuid, chrono::DateTime<chrono::Utc>> = tx
        .refresh_rows(&families)
        .await?
        .into_iter()
        .map(|r| (r.id, r.created_at))
        .collect();
    let out = live
        .iter()
        .map(|row| SessionInfoView {
            id: row.family_id,
            started_at: started
                .get(&row.family_id)
                .copied()
                .unwrap_or(row.created_at),
            last_used_at: row.created_at,
            ip: row.ip.clone(),
            device: device_label(row.user_agent.as_deref()),
            current: who.current == Some(row.family_id),
        })
        .collect();
    tx.commit().await?;
    Ok(out)
}

/// Signs session `id` of the login out (`404` for anyone else's). Quiet:
/// no cache reads session rows, so the authorizations do not reload.
pub async fn revoke_session(
    repos: &Repos,
    clock: &dyn Clock,
    who: Login,
    id: Uuid,
) -> AppResult<()> {
    let now = clock.now();
    let tx = repos.tenant_quiet(who.tenant).await?;
    let mine = tx
        .live_sessions(who.kind, who.subject, now)
        .await?
        .iter()
        .any(|s| s.family_id == id);
    if !mine {
        return Err(AppError::not_found("session"));
    }
    tx.revoke_family(id, now).await?;
    tx.commit().await?;
    Ok(())
}
