//! `rate_decks`: a named, priced list of prefixes; its rows live in versions.

use sea_orm::entity::prelude::*;

/// A rate deck.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_decks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ringledger_shared::ids::DeckId,
    pub name: String,
    pub currency: String,
    pub created_at: DateTimeUtc,
    /// The reseller whose own selling deck this is (`None`: the operator's).
    pub seller_id: Option<Uuid>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
