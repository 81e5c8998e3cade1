//! `hosts`: custom domain → seller routing (a global lookup table).

use sea_orm::entity::prelude::*;

/// A host name mapped to a seller's portal.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hosts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub hostname: String,
    pub tenant_id: Uuid,
    pub seller_id: Uuid,
    pub created_at: DateTimeUtc,
    /// The token the domain's owner publishes as a DNS TXT record at
    /// `_ringledger.<hostname>` (`ringledger-verify=<challenge>`).
    pub challenge: Option<String>,
    /// When the record was found: only then does the domain serve the
    /// portal.
    pub verified_at: Option<DateTimeUtc>,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
