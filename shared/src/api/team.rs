//! A seller's team: its members, their roles, and invitations.

use crate::error::FieldError;
use crate::status::StaffRole;
use crate::validate::{Email, NewPassword};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `GET /api/v1/team`: the members and the invitations still open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TeamView {
    /// Every member, oldest first.
    pub members: Vec<MemberView>,
    /// Invitations neither accepted nor withdrawn, newest first.
    pub invitations: Vec<InvitationView>,
    /// Whether every member must sign in with a second factor.
    #[serde(default)]
    pub two_factor_required: bool,
}

/// One member of the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MemberView {
    /// The member's user id.
    pub id: Uuid,
    /// The login e-mail.
    pub email: String,
    /// What the member may do.
    pub role: StaffRole,
    /// `false` once deactivated (signed out, cannot sign in).
    pub active: bool,
    /// Whether this is the signed-in member.
    pub is_you: bool,
    /// When the member joined.
    pub created_at: DateTime<Utc>,
    /// The last successful sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Whether the member signs in with a second factor.
    #[serde(default)]
    pub two_factor: bool,
}

/// An open invitation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvitationView {
    /// The invitation's id.
    pub id: Uuid,
    /// Where it was sent.
    pub email: String,
    /// The role the invitee gets.
    pub role: StaffRole,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// Until when its link works.
    pub expires_at: DateTime<Utc>,
    /// Whether the link has expired (send it again).
    pub expired: bool,
}

/// `POST /api/v1/team/invitations`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InviteRequest {
    /// The invitee's e-mail.
    #[serde(default)]
    pub email: String,
    /// `owner`, `admin`, `billing`, `support` or `read_only`.
    #[serde(default)]
    pub role: String,
}

/// A valid [`InviteRequest`].
#[derive(Debug, Clone)]
pub struct ValidInvite {
    /// The invitee's e-mail.
    pub email: Email,
    /// The role.
    pub role: StaffRole,
}

/// The role named by `raw` in `field`.
pub fn parse_role(field: &'static str, raw: &str) -> Result<StaffRole, FieldError> {
    StaffRole::parse(raw.trim()).ok_or_else(|| {
        FieldError::new(
            field,
            "must be one of owner, admin, billing, support, read_only",
        )
    })
}

impl InviteRequest {
    /// Parses the request (the first problem is named).
    pub fn parse(&self) -> Result<ValidInvite, FieldError> {
        Ok(ValidInvite {
            email: Email::parse("email", &self.email)?,
            role: parse_role("role", &self.role)?,
        })
    }
}

/// `PATCH /api/v1/team/members/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UpdateMemberRequest {
    /// The new role.
    #[serde(default)]
    pub role: String,
}

/// `POST /api/v1/team/invitations/accept`: the invitee chooses a password.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AcceptInvitationRequest {
    /// The token of the e-mailed link.
    #[serde(default)]
    pub token: String,
    /// The password to sign in with.
    #[serde(default)]
    pub password: String,
}

impl AcceptInvitationRequest {
    /// The chosen password, if it is acceptable.
    pub fn password(&self) -> Result<NewPassword, FieldError> {
        NewPassword::parse("password", &self.password)
    }
}

/// The answer to accepting an invitation: the new member's login e-mail
/// (they sign in with it and the password they chose).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AcceptedView {
    /// The login e-mail.
    pub email: String,
    /// The role the member has.
    pub role: StaffRole,
}

/// `POST /api/v1/auth/password-reset` (and `/my/password-reset`): e-mails
/// a reset link to the login with this address, if there is one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetRequest {
    /// The login e-mail.
    #[serde(default)]
    pub email: String,
}

/// `POST …/password-reset/confirm`: the link's token and the new password.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetConfirm {
    /// The token of the e-mailed link.
    #[serde(default)]
    pub token: String,
    /// The new password.
    #[serde(default)]
    pub password: String,
}

/// One live session of the signed-in login (`GET /api/v1/me/sessions`,
/// `/my/sessions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionInfoView {
    /// The session's id (revoke it with `DELETE …/sessions/{id}`).
    pub id: Uuid,
    /// When it was signed in.
    pub started_at: DateTime<Utc>,
    /// When it last refreshed its access (about every quarter of an hour
    /// while in use).
    pub last_used_at: DateTime<Utc>,
    /// The client's address then.
    pub ip: Option<String>,
    /// Its browser and system, e.g. "Firefox on Windows".
    pub device: String,
    /// Whether it is the session asking.
    pub current: bool,
}

/// "Firefox on Windows" from a `User-Agent` ("Unknown device" without one).
pub fn device_label(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent.filter(|u| !u.trim().is_empty()) else {
        return "Unknown device".to_owned();
    };
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("HeadlessChrome", "Chrome (headless)"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map_or("A browser", |(_, name)| name);
    let system = [
        ("Windows", "Windows"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Android", "Android"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    match system {
        Some(s) => format!("{browser} on {s}"),
        None => browser.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::device_label;

    #[test]
    fn devices_read_as_people_say_them() {
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(device_label(Some(firefox)), "Firefox on Windows");
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(device_label(Some(chrome)), "Chrome on Linux");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_label(Some(iphone)), "Safari on iOS");
        assert_eq!(device_label(None), "Unknown device");
    }
}

/// An API key as the console lists it (the whole key only in the answer
/// that creates it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiKeyView {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// `read_only`, `billing`, `catalog` or `customers`.
    pub scope: crate::access::ApiKeyScope,
    /// The key's last four characters.
    pub last4: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops working by itself.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it was last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// From where.
    pub last_used_ip: Option<String>,
    /// The whole key: only in the answer that creates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// `POST /api/v1/api-keys`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateApiKeyRequest {
    /// A name, e.g. "Accounting export".
    #[serde(default)]
    pub name: String,
    /// `read_only`, `billing`, `catalog` or `customers`.
    #[serde(default)]
    pub scope: String,
    /// The last day it works (`YYYY-MM-DD`), if it should expire.
    #[serde(default)]
    pub expires_on: Option<String>,
}

/// `POST /api/v1/me/two-factor/setup`: a new secret to scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TwoFactorSetupView {
    /// The secret in base32 (to type in when the QR code cannot be scanned).
    pub secret: String,
    /// The `otpauth://totp/…` URL the QR code holds.
    pub otpauth_url: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
}

/// A code of the authenticator app (or a recovery code).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TwoFactorCodeRequest {
    /// Six digits, or a recovery code.
    #[serde(default)]
    pub code: String,
}

/// The recovery codes, shown once when two-factor sign-in is turned on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RecoveryCodesView {
    /// Ten single-use codes, each good for one sign-in without the app.
    pub codes: Vec<String>,
}

/// `PUT /api/v1/team/two-factor`: whether the whole team must use it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TeamTwoFactorRequest {
    /// `true`: every member signs in with a second factor (members without
    /// one can only enrol until they do).
    #[serde(default)]
    pub required: bool,
}
