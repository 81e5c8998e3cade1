//! `spend_meters`: the running spend of an account or a service (this
//! hour, this day, the usual hourly figure), and a service's fraud
//! suspension. Written by CDR batches under the account's row lock.

use super::decimal::DbDecimal;
use sea_orm::entity::prelude::*;

/// A row of `spend_meters`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spend_meters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The account or the service.
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_id: Uuid,
    /// The clock hour `hour_spent` counts.
    pub hour_start: DateTimeUtc,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub hour_spent: DbDecimal,
    /// The day `day_spent` counts.
    pub day_start: Date,
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub day_spent: DbDecimal,
    /// The usual spend of an hour: a moving average of the hours closed.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))")]
    pub usual_hourly: DbDecimal,
    /// A service suspended for anomalous spend (until staff release it).
    pub suspended_at: Option<DateTimeUtc>,
    /// The account's spend in the hour when it was suspended.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))", nullable)]
    pub suspended_spend: Option<DbDecimal>,
    /// The account's usual hourly spend then.
    #[sea_orm(column_type = "Decimal(Some((20, 6)))", nullable)]
    pub suspended_usual: Option<DbDecimal>,
    /// An account released by staff is not found anomalous before this.
    pub quiet_until: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

/// No navigable relations are declared; joins are written in the repo.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
