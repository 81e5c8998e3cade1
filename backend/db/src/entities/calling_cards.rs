//! `calling_cards`: a calling card (PIN + serial), in stock or on an account.

use super::decimal::DbDecimal;
use ringledger_shared::status::CardStatus;
use sea_orm::entity::prelude::*;

/// A row of `calling_cards`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calling_cards")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub seller_id: Uuid,
    pub pin: String,
    pub serial: String,
    pub batch_id: Option<Uuid>,
    pub account_id: Option<ringledger_shared::ids::AccountId>,
    pub service_id: Option<ringledger_shared::ids::ServiceId>,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub initial_balance: DbDecimal,
    pub expires_on: Option<Date>,
    pub status: CardStatus,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
