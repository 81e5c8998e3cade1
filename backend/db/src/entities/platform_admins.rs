//! `platform_admins`: the SaaS owner's administrators (platform table).

use sea_orm::entity::prelude::*;

/// A platform administrator.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "platform_admins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    pub created_at: DateTimeUtc,
    /// The TOTP secret, sealed (on when `totp_enabled_at` is set).
    pub totp_secret: Option<String>,
    /// A secret being enrolled (sealed), until a code confirms it.
    pub totp_pending: Option<String>,
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The last time step whose code signed in.
    pub totp_last_step: Option<i64>,
    /// JSON array of the SHA-256 of the unused recovery codes.
    pub recovery_codes: Option<String>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
