//! `api_keys`: a seller's keys for its own systems, stored hashed.

use ringledger_shared::access::ApiKeyScope;
use sea_orm::entity::prelude::*;

/// One API key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The seller whose API it opens (on that seller's host only).
    pub seller_id: Uuid,
    /// What the owner called it.
    pub name: String,
    /// What it may do.
    pub scope: ApiKeyScope,
    /// Hex SHA-256 of the secret part.
    pub key_hash: String,
    /// The key's last four characters (to tell keys apart).
    pub last4: String,
    /// The member who created it.
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    /// When it stops working by itself.
    pub expires_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    /// When and from where it was last used (to the minute).
    pub last_used_at: Option<DateTimeUtc>,
    pub last_used_ip: Option<String>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
