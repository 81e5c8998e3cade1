//! `staff_invitations`: an owner's or admin's invitation to join a seller's
//! team, redeemed once through an e-mailed link.

use ringledger_shared::status::StaffRole;
use sea_orm::entity::prelude::*;

/// One invitation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_invitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The seller whose team the invitee joins.
    pub seller_id: Uuid,
    /// Where the link was sent (lower case).
    pub email: String,
    /// The role the invitee gets.
    pub role: StaffRole,
    /// Hex SHA-256 of the link's secret.
    pub token_hash: String,
    /// The member who invited.
    pub invited_by: Uuid,
    pub created_at: DateTimeUtc,
    /// Until when the link works.
    pub expires_at: DateTimeUtc,
    /// When the invitee chose a password (the link is spent).
    pub accepted_at: Option<DateTimeUtc>,
    /// When it was withdrawn.
    pub revoked_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
