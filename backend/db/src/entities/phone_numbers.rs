//! `phone_numbers`: the operator's inventory of numbers (DIDs).

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A row of `phone_numbers`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "phone_numbers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// E.164 digits.
    pub number: String,
    /// ISO 3166 alpha-2.
    pub country: String,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub monthly_fee: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub setup_fee: DbDecimal,
    /// `shared::api::numbers::NumberStatus`, as spelled on the wire.
    pub status: String,
    /// The service holding it.
    pub service_id: Option<Uuid>,
    /// That service's account.
    pub account_id: Option<Uuid>,
    pub quarantined_until: Option<DateTimeUtc>,
    /// The end of a portal reservation.
    pub reserved_until: Option<DateTimeUtc>,
    /// SHA-256 (hex) of the reservation's secret.
    pub reservation: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
