//! `users`: staff logins of a seller (unique e-mail per tenant).

use ringledger_shared::status::StaffRole;
use sea_orm::entity::prelude::*;

/// A console login.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub seller_id: Uuid,
    pub email: String,
    pub password_hash: String,
    /// What the member may do (`docs/ROLES.md`).
    pub role: StaffRole,
    pub created_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
    /// When the login proved its e-mail (none: not yet; the console may
    /// not take payments or create resellers).
    pub email_verified_at: Option<DateTimeUtc>,
    /// SHA-256 of the secret of the e-mailed verification link.
    pub email_token_hash: Option<String>,
    /// Until when that link works.
    pub email_token_expires_at: Option<DateTimeUtc>,
    /// When an owner or admin deactivated the login (none: active).
    pub deactivated_at: Option<DateTimeUtc>,
    /// The TOTP secret, sealed (two-factor sign-in is on when
    /// `totp_enabled_at` is set).
    pub totp_secret: Option<String>,
    /// A secret being enrolled (sealed), until a code confirms it.
    pub totp_pending: Option<String>,
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The last time step whose code signed in (a code works once).
    pub totp_last_step: Option<i64>,
    /// JSON array of the SHA-256 of the unused recovery codes.
    pub recovery_codes: Option<String>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
