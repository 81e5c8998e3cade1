//! Issuing sessions: an access JWT plus a stored, hashed refresh token, for
//! staff (tenant-scoped) and platform admins. Used by sign-up, login and refresh.

use super::jwt::{AUDIENCE, Claims, ISSUER, seller_audience};
use super::refresh;
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use crate::views::tenant_view;
use ringledger_db::entities::{
    admin_refresh_tokens, customers, platform_admins, refresh_tokens, tenants, users,
};
use ringledger_db::repo::{PlatformTx, TenantTx};
use ringledger_shared::api::{MeView, PrincipalKind, SessionView};
use ringledger_shared::ids::{SellerId, UserId};
use ringledger_shared::status::SubjectKind;
use uuid::Uuid;

fn access_token(
    deps: Deps<'_>,
    sub: Uuid,
    kind: &str,
    tid: Option<Uuid>,
    sid: Option<Uuid>,
    fam: Option<Uuid>,
) -> AppResult<String> {
    let now = deps.clock().now().timestamp();
    let ttl = deps.settings().access_token_ttl_secs as i64;
    deps.keys()
        .sign(&Claims {
            iss: ISSUER.into(),
            aud: sid.map_or_else(|| AUDIENCE.to_owned(), seller_audience),
            sub,
            kind: kind.into(),
            tid,
            sid,
            iat: now,
            exp: now + ttl,
            jti: Uuid::new_v4(),
            fam,
        })
        .map_err(AppError::internal)
}

fn refresh_ttl(deps: Deps<'_>) -> chrono::Duration {
    chrono::Duration::days(deps.settings().refresh_token_ttl_days as i64)
}

/// How long a sign-up's hand-off token may wait for the new portal.
pub const HANDOFF_TTL: chrono::Duration = chrono::Duration::minutes(5);

/// A session just issued: what the client is shown, and the refresh token,
/// which the HTTP edge sets as the http-only cookie (never in a body).
#[derive(Debug, Clone)]
pub struct Issued {
    /// The client's view (access token, who).
    pub view: SessionView,
    /// The single-use token for the next session.
    pub refresh_token: String,
}

/// The `MeView` of a staff user.
pub async fn staff_me(
    urls: &crate::urls::Urls,
    tx: &TenantTx,
    user: &users::Model,
    tenant: &tenants::Model,
) -> AppResult<MeView> {
    let seller = tx.seller(SellerId(user.seller_id)).await?;
    let reseller = seller.as_ref().is_some_and(|s| s.parent_id.is_some());
    let two_factor = user.totp_enabled_at.is_some();
    let required = seller.is_some_and(|s| s.require_two_factor);
    Ok(MeView {
        kind: if reseller {
            PrincipalKind::Reseller
        } else {
            PrincipalKind::Operator
        },
        user_id: UserId(user.id),
        email: user.email.clone(),
        tenant: Some(tenant_view(urls, tenant)),
        seller_id: Some(SellerId(user.seller_id)),
        email_verified: user.email_verified_at.is_some(),
        role: Some(user.role),
        permissions: user.role.grants().list(),
        two_factor,
        two_factor_due: required && !two_factor,
    })
}

/// The `MeView` of a platform admin.
pub fn admin_me(admin: &platform_admins::Model) -> MeView {
    let two_factor = admin.totp_enabled_at.is_some();
    MeView {
        kind: PrincipalKind::PlatformAdmin,
        user_id: UserId(admin.id),
        email: admin.email.clone(),
        tenant: None,
        seller_id: None,
        email_verified: true,
        role: None,
        permissions: Vec::new(),
        two_factor,
        // Platform admins must have it: until then they can only enrol.
        two_factor_due: !two_factor,
    }
}

/// Issues a session for someone of a tenant (`staff` or `customer`):
/// stores the refresh token, signs the access token.
#[allow(clippy::too_many_arguments)]
async fn issue_tenant_session(
    deps: Deps<'_>,
    tx: &TenantTx,
    kind: SubjectKind,
    subject: Uuid,
    seller: Uuid,
    tenant: &tenants::Model,
    family: Option<Uuid>,
    me: MeView,
    ttl: chrono::Duration,
) -> AppResult<Issued> {
    let minted = refresh::mint();
    let family = family.unwrap_or(minted.id);
    let device = deps.device.cloned().unwrap_or_default();
    tx.insert_refresh(refresh_tokens::Model {
        tenant_id: tenant.id,
        id: minted.id,
        subject_kind: kind,
        subject_id: subject,
        family_id: family,
        token_hash: minted.hash,
        expires_at: deps.clock().now() + ttl,
        revoked_at: None,
        created_at: deps.clock().now(),
        ip: device.ip.map(|ip| ip.to_string()),
        user_agent: device.user_agent,
    })
    .await?;
    Ok(Issued {
        view: SessionView {
            access_token: access_token(
                deps,
                subject,
                kind.as_str(),
                Some(tenant.id),
                Some(seller),
                Some(family),
            )?,
            token_type: "Bearer".into(),
            expires_in: deps.settings().access_token_ttl_secs,
            me,
        },
        refresh_token: minted.token,
    })
}

/// Issues a new owner's first session, whose refresh token is a hand-off
/// token: valid [`HANDOFF_TTL`], exchanged by the new portal for a session
/// of its own.
pub async fn issue_handoff(
    deps: Deps<'_>,
    tx: &TenantTx,
    user: &users::Model,
    tenant: &tenants::Model,
) -> AppResult<Issued> {
    staff_session(deps, tx, user, tenant, None, HANDOFF_TTL).await
}

/// Issues a staff session; `family` continues a rotation chain.
pub async fn issue_staff(
    deps: Deps<'_>,
    tx: &TenantTx,
    user: &users::Model,
    tenant: &tenants::Model,
    family: Option<Uuid>,
) -> AppResult<Issued> {
    staff_session(deps, tx, user, tenant, family, refresh_ttl(deps)).await
}

/// A staff session whose refresh token lives `ttl`.
async fn staff_session(
    deps: Deps<'_>,
    tx: &TenantTx,
    user: &users::Model,
    tenant: &tenants::Model,
    family: Option<Uuid>,
    ttl: chrono::Duration,
) -> AppResult<Issued> {
    let me = staff_me(deps.urls(), tx, user, tenant).await?;
    issue_tenant_session(
        deps,
        tx,
        SubjectKind::Staff,
        user.id,
        user.seller_id,
        tenant,
        family,
        me,
        ttl,
    )
    .await
}

/// The `MeView` of a customer.
pub fn customer_me(
    urls: &crate::urls::Urls,
    customer: &customers::Model,
    tenant: &tenants::Model,
) -> MeView {
    MeView {
        kind: PrincipalKind::Customer,
        user_id: UserId(customer.id.0),
        email: customer.email.clone(),
        tenant: Some(tenant_view(urls, tenant)),
        seller_id: Some(SellerId(customer.seller_id)),
        email_verified: customer.email_verified_at.is_some(),
        role: None,
        permissions: Vec::new(),
        two_factor: false,
        two_factor_due: false,
    }
}

/// Issues a customer session; `family` continues a rotation chain.
pub async fn issue_customer(
    deps: Deps<'_>,
    tx: &TenantTx,
    customer: &customers::Model,
    tenant: &tenants::Model,
    family: Option<Uuid>,
) -> AppResult<Issued> {
    let me = customer_me(deps.urls(), customer, tenant);
    issue_tenant_session(
        deps,
        tx,
        SubjectKind::Customer,
        customer.id.0,
        customer.seller_id,
        tenant,
        family,
        me,
        refresh_ttl(deps),
    )
    .await
}

/// Issues a platform-admin session; `family` continues a rotation chain.
pub async fn issue_admin(
    deps: Deps<'_>,
    tx: &PlatformTx,
    admin: &platform_admins::Model,
    family: Option<Uuid>,
) -> AppResult<Issued> {
    let minted = refresh::mint();
    tx.insert_admin_refresh(admin_refresh_tokens::Model {
        id: minted.id,
        admin_id: admin.id,
        family_id: family.unwrap_or(minted.id),
        token_hash: minted.hash,
        expires_at: deps.clock().now() + refresh_ttl(deps),
        revoked_at: None,
        created_at: deps.clock().now(),
    })
    .await?;
    Ok(Issued {
        view: SessionView {
            access_token: access_token(deps, admin.id, "admin", None, None, None)?,
            token_type: "Bearer".into(),
            expires_in: deps.settings().access_token_ttl_secs,
            me: admin_me(admin),
        },
        refresh_token: minted.token,
    })
}
