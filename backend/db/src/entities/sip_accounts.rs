//! `sip_accounts`: a SIP or video login; the password is stored encrypted.

use sea_orm::entity::prelude::*;

/// A row of `sip_accounts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sip_accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub account_id: ringledger_shared::ids::AccountId,
    pub service_id: ringledger_shared::ids::ServiceId,
    pub username: String,
    pub secret_enc: String,
    pub media: String,
    pub created_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
