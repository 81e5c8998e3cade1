//! `write_generations`: how many times each process published that it
//! committed writes of a tenant (the nil tenant id: the platform's tables).

use sea_orm::entity::prelude::*;

/// A row of `write_generations`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "write_generations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The process: a `serve` instance's id, or `cli`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub instance: String,
    /// Moves by one each time the process publishes new writes.
    pub generation: i64,
    /// When it last did (milliseconds since the Unix epoch).
    pub updated_ms: i64,
}

/// No navigable relations are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
