//! `payment_gateways`: a seller's own Stripe account (keys sealed at rest).

use ringledger_shared::status::PaymentProvider;
use sea_orm::entity::prelude::*;

/// A row of `payment_gateways`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment_gateways")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub seller_id: Uuid,
    /// `stripe`.
    pub provider: PaymentProvider,
    /// The secret key, AES-256-GCM sealed with the server's secrets key.
    pub secret_key_sealed: String,
    /// The key's last characters, to tell keys apart.
    pub key_hint: String,
    pub publishable_key: String,
    pub livemode: bool,
    pub webhook_endpoint_id: String,
    /// The endpoint's signing secret, sealed.
    pub webhook_secret_sealed: String,
    pub connected_by: String,
    pub connected_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
