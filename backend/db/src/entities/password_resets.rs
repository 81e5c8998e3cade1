//! `password_resets`: e-mailed password-reset links (platform table).

use sea_orm::entity::prelude::*;

/// One reset link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "password_resets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The login's tenant (none for a platform admin).
    pub tenant_id: Option<Uuid>,
    /// `staff`, `customer` or `admin`.
    pub subject_kind: String,
    /// The login's id.
    pub subject_id: Uuid,
    /// Hex SHA-256 of the link's secret.
    pub token_hash: String,
    pub created_at: DateTimeUtc,
    /// One hour after it was sent.
    pub expires_at: DateTimeUtc,
    /// When it was used (it works once).
    pub used_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
