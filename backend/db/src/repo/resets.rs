//! Password-reset links (`password_resets`): stored, read back and spent,
//! as statements on their own (the link is redeemed before anyone is signed
//! in, so no tenant transaction holds them).

use super::Repos;
use crate::entities::password_resets;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

impl Repos {
    /// Stores a new reset link.
    pub async fn insert_reset(
        &self,
        m: password_resets::Model,
    ) -> Result<password_resets::Model, DbErr> {
        password_resets::ActiveModel::from(m).insert(&self.db).await
    }

    /// A reset link by id.
    pub async fn reset(&self, id: Uuid) -> Result<Option<password_resets::Model>, DbErr> {
        password_resets::Entity::find_by_id(id).one(&self.db).await
    }

    /// Spends a link: `true` for exactly one of any number of concurrent
    /// attempts (the caller checks its secret and expiry first).
    pub async fn spend_reset(&self, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let res = password_resets::Entity::update_many()
            .col_expr(password_resets::Column::UsedAt, Expr::value(now))
            .filter(password_resets::Column::Id.eq(id))
            .filter(password_resets::Column::UsedAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Spends every unused link of one login (a newer one, or a reset done).
    pub async fn spend_resets_of(&self, subject: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
        password_resets::Entity::update_many()
            .col_expr(password_resets::Column::UsedAt, Expr::value(now))
            .filter(password_resets::Column::SubjectId.eq(subject))
            .filter(password_resets::Column::UsedAt.is_null())
            .exec(&self.db)
            .await
            .map(|_| ())
    }
}
