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
    /// `owner` or `staff`.
    pub role: StaffRole,
    pub created_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
