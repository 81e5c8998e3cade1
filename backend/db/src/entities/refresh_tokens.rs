//! `refresh_tokens`: rotating refresh sessions of a tenant's users (stored hashed).

use ringledger_shared::status::SubjectKind;
use sea_orm::entity::prelude::*;

/// One refresh token; a rotation chain shares a `family_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refresh_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `staff` (later also `customer`).
    pub subject_kind: SubjectKind,
    pub subject_id: Uuid,
    pub family_id: Uuid,
    /// Hex SHA-256 of the secret half of the token.
    pub token_hash: String,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The client's address when this token was issued.
    pub ip: Option<String>,
    /// Its browser (`User-Agent`, at most 200 characters).
    pub user_agent: Option<String>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
