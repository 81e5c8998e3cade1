//! `customers`: end customers of a seller (unique e-mail per seller).

use ringledger_shared::status::CustomerStatus;
use sea_orm::entity::prelude::*;

/// A row of `customers`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ringledger_shared::ids::CustomerId,
    pub seller_id: Uuid,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub status: CustomerStatus,
    pub email_verified_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// ISO country code (`""`: unknown), which picks the tax rate.
    pub country: String,
    /// Postal address printed on invoices.
    pub address: String,
    /// The language its e-mails and invoices are written in (a tag; none:
    /// the seller's default).
    pub locale: Option<String>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
