//! `payment_profiles`: an account's Stripe customer, saved card and auto top-up.

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A row of `payment_profiles`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: ringledger_shared::ids::AccountId,
    pub stripe_customer_id: Option<String>,
    /// The saved card (a Stripe PaymentMethod id; no card data).
    pub payment_method_id: Option<String>,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub auto_top_up: bool,
    /// Charge when the balance falls below this…
    #[sea_orm(column_type = "Decimal(Some((20, 6)))", nullable)]
    pub auto_top_up_below: Option<DbDecimal>,
    /// …this much.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))", nullable)]
    pub auto_top_up_amount: Option<DbDecimal>,
    pub updated_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
