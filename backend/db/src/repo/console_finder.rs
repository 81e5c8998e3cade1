//! The platform's "Sign in to your console": which consoles an e-mail
//! address signs in to, across tenants. The one unscoped read of staff
//! logins; it answers only an e-mail to that very address.

use super::PlatformTx;
use crate::entities::{sellers, tenants, users};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// At most this many consoles are listed for one address.
const MAX_CONSOLES: u64 = 20;

impl PlatformTx {
    /// The tenants and sellers whose console `email` (normalised, lower
    /// case) signs in to as an active staff member, oldest login first.
    pub async fn consoles_of_email(
        &self,
        email: &str,
    ) -> Result<Vec<(tenants::Model, sellers::Model)>, DbErr> {
        let logins = users::Entity::find()
            .filter(users::Column::Email.eq(email))
            .filter(users::Column::DeactivatedAt.is_null())
            .order_by_asc(users::Column::CreatedAt)
            .limit(MAX_CONSOLES)
            .all(self.conn())
            .await?;
        let mut out = Vec::with_capacity(logins.len());
        for login in logins {
            let tenant = tenants::Entity::find_by_id(login.tenant_id)
                .one(self.conn())
                .await?;
            let seller = sellers::Entity::find_by_id((login.tenant_id, login.seller_id))
                .one(self.conn())
                .await?;
            if let (Some(t), Some(s)) = (tenant, seller) {
                out.push((t, s));
            }
        }
        Ok(out)
    }
}
