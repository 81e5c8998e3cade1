//! `rate_deck_versions`: the rows of a deck from an effective date on.

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// One version of a deck.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_deck_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub deck_id: ringledger_shared::ids::DeckId,
    pub effective_from: Date,
    pub row_count: i64,
    pub destination_count: i64,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub min_rate: DbDecimal,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub max_rate: DbDecimal,
    /// SHA-256 of the uploaded file: re-uploading it is a no-op.
    pub source_sha256: String,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
