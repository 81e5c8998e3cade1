//! The team: members, roles, invitations (and accepting one), API keys;
//! one's own login: password reset, sessions, two-factor sign-in.

use super::{ApiError, delete, get_json, patch_json, post_json};
use ringledger_shared::api::routes;
use ringledger_shared::api::team::{
    AcceptInvitationRequest, AcceptedView, ApiKeyView, CreateApiKeyRequest, InvitationView,
    InviteRequest, MemberView, PasswordResetConfirm, PasswordResetRequest, RecoveryCodesView,
    SessionInfoView, TeamTwoFactorRequest, TeamView, TwoFactorCodeRequest, TwoFactorSetupView,
    UpdateMemberRequest,
};
use uuid::Uuid;

/// `GET /api/v1/team`.
pub async fn list_team(token: &str) -> Result<TeamView, ApiError> {
    get_json(routes::LIST_TEAM.rel(), Some(token)).await
}

/// `POST /api/v1/team/invitations`.
pub async fn invite_member(
    token: &str,
    request: &InviteRequest,
) -> Result<InvitationView, ApiError> {
    post_json(routes::INVITE_MEMBER.rel(), Some(token), request).await
}

/// `POST /api/v1/team/invitations/{id}/resend`.
pub async fn resend_invitation(token: &str, id: Uuid) -> Result<InvitationView, ApiError> {
    post_json(
        &routes::RESEND_INVITATION.fill(&[&id]),
        Some(token),
        &serde_json::json!({}),
    )
    .await
}

/// `DELETE /api/v1/team/invitations/{id}`.
pub async fn revoke_invitation(token: &str, id: Uuid) -> Result<(), ApiError> {
    delete(&routes::REVOKE_INVITATION.fill(&[&id]), Some(token))
        .await
        .map(|_| ())
}

/// `PATCH /api/v1/team/members/{id}`: a new role.
pub async fn update_member(token: &str, id: Uuid, role: &str) -> Result<MemberView, ApiError> {
    let body = UpdateMemberRequest {
        role: role.to_owned(),
    };
    patch_json(&routes::UPDATE_MEMBER.fill(&[&id]), Some(token), &body).await
}

/// `POST /api/v1/team/members/{id}/deactivate` (or `reactivate`).
pub async fn set_member_active(
    token: &str,
    id: Uuid,
    active: bool,
) -> Result<MemberView, ApiError> {
    let route = if active {
        routes::REACTIVATE_MEMBER
    } else {
        routes::DEACTIVATE_MEMBER
    };
    post_json(&route.fill(&[&id]), Some(token), &serde_json::json!({})).await
}

/// `POST /api/v1/team/invitations/accept`.
pub async fn accept_invitation(
    request: &AcceptInvitationRequest,
) -> Result<AcceptedView, ApiError> {
    post_json(routes::ACCEPT_INVITATION.rel(), None, request).await
}

/// `POST /api/v1/auth/password-reset` (staff, admins) or
/// `/my/password-reset` (customers): e-mails a reset link.
pub async fn request_password_reset(customer: bool, email: &str) -> Result<(), ApiError> {
    let route = if customer {
        routes::REQUEST_CUSTOMER_RESET
    } else {
        routes::REQUEST_STAFF_RESET
    };
    let body = PasswordResetRequest {
        email: email.to_owned(),
    };
    super::post(route.rel(), None, &body).await.map(|_| ())
}

/// `POST …/password-reset/confirm`: the new password with the link's token.
pub async fn confirm_password_reset(
    customer: bool,
    token: &str,
    password: &str,
) -> Result<(), ApiError> {
    let route = if customer {
        routes::CONFIRM_CUSTOMER_RESET
    } else {
        routes::CONFIRM_STAFF_RESET
    };
    let body = PasswordResetConfirm {
        token: token.to_owned(),
        password: password.to_owned(),
    };
    super::post(route.rel(), None, &body).await.map(|_| ())
}

/// `GET /api/v1/me/sessions` (staff) or `/my/sessions` (customers).
pub async fn list_sessions(token: &str, customer: bool) -> Result<Vec<SessionInfoView>, ApiError> {
    let route = if customer {
        routes::MY_CUSTOMER_SESSIONS
    } else {
        routes::MY_STAFF_SESSIONS
    };
    get_json(route.rel(), Some(token)).await
}

/// `DELETE …/sessions/{id}`: signs that session out.
pub async fn revoke_session(token: &str, customer: bool, id: Uuid) -> Result<(), ApiError> {
    let route = if customer {
        routes::REVOKE_CUSTOMER_SESSION
    } else {
        routes::REVOKE_STAFF_SESSION
    };
    delete(&route.fill(&[&id]), Some(token)).await.map(|_| ())
}

/// `GET /api/v1/api-keys`.
pub async fn list_api_keys(token: &str) -> Result<Vec<ApiKeyView>, ApiError> {
    get_json(routes::LIST_API_KEYS.rel(), Some(token)).await
}

/// `POST /api/v1/api-keys`: the answer holds the key, once.
pub async fn create_api_key(
    token: &str,
    request: &CreateApiKeyRequest,
) -> Result<ApiKeyView, ApiError> {
    post_json(routes::CREATE_API_KEY.rel(), Some(token), request).await
}

/// `POST /api/v1/api-keys/{id}/revoke`.
pub async fn revoke_api_key(token: &str, id: Uuid) -> Result<(), ApiError> {
    super::post(
        &routes::REVOKE_API_KEY.fill(&[&id]),
        Some(token),
        &serde_json::json!({}),
    )
    .await
    .map(|_| ())
}

/// `POST /api/v1/me/two-factor/setup` (or, for a platform admin,
/// `/admin/two-factor/setup`).
pub async fn setup_two_factor(token: &str, admin: bool) -> Result<TwoFactorSetupView, ApiError> {
    let route = if admin {
        routes::SETUP_ADMIN_TWO_FACTOR
    } else {
        routes::SETUP_TWO_FACTOR
    };
    post_json(route.rel(), Some(token), &serde_json::json!({})).await
}

/// `POST …/two-factor/confirm`: the recovery codes.
pub async fn confirm_two_factor(
    token: &str,
    code: &str,
    admin: bool,
) -> Result<RecoveryCodesView, ApiError> {
    let route = if admin {
        routes::CONFIRM_ADMIN_TWO_FACTOR
    } else {
        routes::CONFIRM_TWO_FACTOR
    };
    let body = TwoFactorCodeRequest {
        code: code.to_owned(),
    };
    post_json(route.rel(), Some(token), &body).await
}

/// `POST /api/v1/me/two-factor/disable`.
pub async fn disable_two_factor(token: &str, code: &str) -> Result<(), ApiError> {
    let body = TwoFactorCodeRequest {
        code: code.to_owned(),
    };
    super::post(routes::DISABLE_TWO_FACTOR.rel(), Some(token), &body)
        .await
        .map(|_| ())
}

/// `PUT /api/v1/team/two-factor`.
pub async fn require_two_factor(token: &str, required: bool) -> Result<(), ApiError> {
    let body = TeamTwoFactorRequest { required };
    super::send(
        super::with_token(
            gloo_net::http::Request::put(&super::url(routes::REQUIRE_TWO_FACTOR.rel())),
            Some(token),
        )
        .json(&body),
    )
    .await
    .map(|_| ())
}
