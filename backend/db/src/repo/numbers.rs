//! Phone numbers: the inventory (`phone_numbers`) and its assignment
//! history (`number_assignments`). A number changes state by
//! compare-and-set on its status, so two requests cannot both take it.

use super::aggregates::Numbers;
use crate::entities::decimal::DbDecimal;
use crate::entities::{number_assignments, phone_numbers};
use chrono::{DateTime, Utc};
use ringledger_shared::ids::AccountId;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// How many rows one statement carries.
const CHUNK: usize = 1_000;

/// A search of the inventory.
#[derive(Debug, Clone, Default)]
pub struct NumberQuery {
    /// `free` (a quarantine that ended counts), `quarantined` (still in
    /// it), or another status as stored.
    pub status: Option<String>,
    /// ISO 3166 alpha-2.
    pub country: Option<String>,
    /// Digits the number contains.
    pub digits: Option<String>,
    /// Held by this service.
    pub service_id: Option<Uuid>,
    /// When "a quarantine ended" is judged.
    pub now: Option<DateTime<Utc>>,
}

/// The new state of a number.
#[derive(Debug, Clone)]
pub struct NumberMove<'a> {
    /// Its status now (compare-and-set).
    pub from: &'a str,
    /// Its status after.
    pub to: &'a str,
    /// The service holding it after (and its account).
    pub holder: Option<(Uuid, AccountId)>,
    /// The end of its quarantine after.
    pub quarantined_until: Option<DateTime<Utc>>,
}

/// A number free at `now`: free, or out of a quarantine or a reservation
/// that ended.
fn free_at(now: DateTime<Utc>) -> Condition {
    use phone_numbers::Column as C;
    Condition::any()
        .add(C::Status.eq("free"))
        .add(
            Condition::all()
                .add(C::Status.eq("quarantined"))
                .add(C::QuarantinedUntil.lte(now)),
        )
        .add(
            Condition::all()
                .add(C::Status.eq("reserved"))
                .add(C::ReservedUntil.lte(now)),
        )
}

impl Numbers<'_> {
    fn search(&self, q: &NumberQuery) -> sea_orm::Select<phone_numbers::Entity> {
        use phone_numbers::Column as C;
        let mut find = phone_numbers::Entity::find().filter(C::TenantId.eq(self.tid()));
        let now = q.now.unwrap_or_else(Utc::now);
        match q.status.as_deref() {
            Some("free") => find = find.filter(free_at(now)),
            Some("quarantined") => {
                find = find
                    .filter(C::Status.eq("quarantined"))
                    .filter(C::QuarantinedUntil.gt(now))
            }
            Some("reserved") => {
                find = find
                    .filter(C::Status.eq("reserved"))
                    .filter(C::ReservedUntil.gt(now))
            }
            Some(s) => find = find.filter(C::Status.eq(s)),
            None => {}
        }
        if let Some(c) = &q.country {
            find = find.filter(C::Country.eq(c.as_str()));
        }
        if let Some(service) = q.service_id {
            find = find.filter(C::ServiceId.eq(service));
        }
        if let Some(d) = q.digits.as_deref().filter(|d| !d.is_empty()) {
            find = find.filter(C::Number.contains(d));
        }
        find
    }

    /// A page of the numbers `q` finds, in number order, and how many it finds.
    pub async fn list_numbers(
        &self,
        q: &NumberQuery,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<phone_numbers::Model>, u64), DbErr> {
        let total = self.search(q).count(&self.tx).await?;
        let rows = self
            .search(q)
            .order_by_asc(phone_numbers::Column::Number)
            .offset(offset)
            .limit(limit)
            .all(&self.tx)
            .await?;
        Ok((rows, total))
    }

    /// The first `limit` numbers `q` finds, in number order (no count).
    pub async fn first_numbers(
        &self,
        q: &NumberQuery,
        limit: u64,
    ) -> Result<Vec<phone_numbers::Model>, DbErr> {
        self.search(q)
            .order_by_asc(phone_numbers::Column::Number)
            .limit(limit)
            .all(&self.tx)
            .await
    }

    /// The numbers among `numbers` the inventory holds.
    pub async fn numbers_in(&self, numbers: &[String]) -> Result<Vec<phone_numbers::Model>, DbErr> {
        let mut out = Vec::new();
        for chunk in numbers.chunks(CHUNK) {
            out.extend(
                phone_numbers::Entity::find()
                    .filter(phone_numbers::Column::TenantId.eq(self.tid()))
                    .filter(super::one_of(
                        self.db_backend(),
                        phone_numbers::Column::Number,
                        chunk,
                    ))
                    .all(&self.tx)
                    .await?,
            );
        }
        Ok(out)
    }

    /// One number by id.
    pub async fn number(&self, id: Uuid) -> Result<Option<phone_numbers::Model>, DbErr> {
        phone_numbers::Entity::find()
            .filter(phone_numbers::Column::TenantId.eq(self.tid()))
            .filter(phone_numbers::Column::Id.eq(id))
            .one(&self.tx)
            .await
    }

    /// Adds numbers to the inventory.
    pub async fn insert_numbers(&self, rows: Vec<phone_numbers::Model>) -> Result<(), DbErr> {
        for chunk in rows.chunks(CHUNK) {
            phone_numbers::Entity::insert_many(chunk.iter().cloned().map(|mut r| {
                r.tenant_id = self.tid();
                phone_numbers::ActiveModel::from(r)
            }))
            .exec_without_returning(&self.tx)
            .await?;
        }
        Ok(())
    }

    /// Sets a number's country and fees.
    pub async fn set_number_terms(
        &self,
        id: Uuid,
        country: &str,
        monthly_fee: rust_decimal::Decimal,
        setup_fee: rust_decimal::Decimal,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        use phone_numbers::Column as C;
        phone_numbers::Entity::update_many()
            .col_expr(C::Country, Expr::value(country))
            .col_expr(C::MonthlyFee, Expr::value(DbDecimal(monthly_fee)))
            .col_expr(C::SetupFee, Expr::value(DbDecimal(setup_fee)))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::TenantId.eq(self.tid()))
            .filter(C::Id.eq(id))
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// Moves number `id` as `m` says if its status is still `m.from`;
    /// answers whether it moved.
    pub async fn move_number(
        &self,
        id: Uuid,
        m: &NumberMove<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        use phone_numbers::Column as C;
        let done = phone_numbers::Entity::update_many()
            .col_expr(C::Status, Expr::value(m.to))
            .col_expr(C::ServiceId, Expr::value(m.holder.map(|h| h.0)))
            .col_expr(C::AccountId, Expr::value(m.holder.map(|h| h.1.as_uuid())))
            .col_expr(C::QuarantinedUntil, Expr::value(m.quarantined_until))
            .col_expr(C::ReservedUntil, Expr::value(None::<DateTime<Utc>>))
            .col_expr(C::Reservation, Expr::value(None::<String>))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::TenantId.eq(self.tid()))
            .filter(C::Id.eq(id))
            .filter(C::Status.eq(m.from))
            .exec(&self.tx)
            .await?;
        self.note_numbers();
        Ok(done.rows_affected == 1)
    }

    /// Holds number `id` until `until` for whoever knows the secret hashed
    /// as `hash`, if it is free at `now` (a quarantine or an earlier
    /// reservation that ended counts); answers whether it did.
    pub async fn reserve_number(
        &self,
        id: Uuid,
        hash: &str,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        use phone_numbers::Column as C;
        let done = phone_numbers::Entity::update_many()
            .col_expr(C::Status, Expr::value("reserved"))
            .col_expr(C::QuarantinedUntil, Expr::value(None::<DateTime<Utc>>))
            .col_expr(C::ReservedUntil, Expr::value(Some(until)))
            .col_expr(C::Reservation, Expr::value(Some(hash.to_owned())))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::TenantId.eq(self.tid()))
            .filter(C::Id.eq(id))
            .filter(free_at(now))
            .exec(&self.tx)
            .await?;
        Ok(done.rows_affected == 1)
    }

    /// Gives number `id` to `holder` if it is free at `now`, or — with
    /// `reservation` (the secret's hash) — reserved with that secret and not
    /// expired; answers whether it did.
    pub async fn take_number(
        &self,
        id: Uuid,
        holder: (Uuid, AccountId),
        reservation: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        use phone_numbers::Column as C;
        let mut when = Condition::any().add(free_at(now));
        if let Some(hash) = reservation {
            when = when.add(
                Condition::all()
                    .add(C::Status.eq("reserved"))
                    .add(C::Reservation.eq(hash))
                    .add(C::ReservedUntil.gt(now)),
            );
        }
        let done = phone_numbers::Entity::update_many()
            .col_expr(C::Status, Expr::value("assigned"))
            .col_expr(C::ServiceId, Expr::value(Some(holder.0)))
            .col_expr(C::AccountId, Expr::value(Some(holder.1.as_uuid())))
            .col_expr(C::QuarantinedUntil, Expr::value(None::<DateTime<Utc>>))
            .col_expr(C::ReservedUntil, Expr::value(None::<DateTime<Utc>>))
            .col_expr(C::Reservation, Expr::value(None::<String>))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::TenantId.eq(self.tid()))
            .filter(C::Id.eq(id))
            .filter(when)
            .exec(&self.tx)
            .await?;
        self.note_numbers();
        Ok(done.rows_affected == 1)
    }

    /// The numbers services hold (assigned or porting out) among `numbers`.
    pub async fn held_among(&self, numbers: &[String]) -> Result<Vec<String>, DbErr> {
        let mut out = Vec::new();
        for chunk in numbers.chunks(CHUNK) {
            out.extend(
                phone_numbers::Entity::find()
                    .select_only()
                    .column(phone_numbers::Column::Number)
                    .filter(phone_numbers::Column::TenantId.eq(self.tid()))
                    .filter(phone_numbers::Column::Status.is_in(["assigned", "porting_out"]))
                    .filter(super::one_of(
                        self.db_backend(),
                        phone_numbers::Column::Number,
                        chunk,
                    ))
                    .into_tuple::<String>()
                    .all(&self.tx)
                    .await?,
            );
        }
        Ok(out)
    }

    /// Every number services hold (assigned or porting out).
    pub async fn held(&self) -> Result<Vec<String>, DbErr> {
        phone_numbers::Entity::find()
            .select_only()
            .column(phone_numbers::Column::Number)
            .filter(phone_numbers::Column::TenantId.eq(self.tid()))
            .filter(phone_numbers::Column::Status.is_in(["assigned", "porting_out"]))
            .into_tuple::<String>()
            .all(&self.tx)
            .await
    }

    /// The numbers held by these services.
    pub async fn of_services(&self, services: &[Uuid]) -> Result<Vec<phone_numbers::Model>, DbErr> {
        if services.is_empty() {
            return Ok(Vec::new());
        }
        phone_numbers::Entity::find()
            .filter(phone_numbers::Column::TenantId.eq(self.tid()))
            .filter(phone_numbers::Column::ServiceId.is_in(services.iter().copied()))
            .order_by_asc(phone_numbers::Column::Number)
            .all(&self.tx)
            .await
    }

    /// Records that a service took a number.
    pub async fn insert_assignment(&self, mut a: number_assignments::Model) -> Result<(), DbErr> {
        a.tenant_id = self.tid();
        number_assignments::Entity::insert(number_assignments::ActiveModel::from(a))
            .exec_without_returning(&self.tx)
            .await
            .map(|_| ())
    }

    /// Ends the open assignment of number `id` at `at`.
    pub async fn end_assignment(&self, id: Uuid, at: DateTime<Utc>) -> Result<(), DbErr> {
        use number_assignments::Column as C;
        number_assignments::Entity::update_many()
            .col_expr(C::EndedAt, Expr::value(Some(at)))
            .filter(C::TenantId.eq(self.tid()))
            .filter(C::NumberId.eq(id))
            .filter(C::EndedAt.is_null())
            .exec(&self.tx)
            .await
            .map(|_| ())
    }

    /// The assignments of these accounts that had not ended by `since`.
    pub async fn assignments_of(
        &self,
        accounts: &[AccountId],
        since: DateTime<Utc>,
    ) -> Result<Vec<number_assignments::Model>, DbErr> {
        use number_assignments::Column as C;
        let mut out = Vec::new();
        for chunk in accounts.chunks(CHUNK) {
            out.extend(
                number_assignments::Entity::find()
                    .filter(C::TenantId.eq(self.tid()))
                    .filter(super::one_of(self.db_backend(), C::AccountId, chunk))
                    .filter(
                        Condition::any()
                            .add(C::EndedAt.is_null())
                            .add(C::EndedAt.gte(since)),
                    )
                    .order_by_asc(C::StartedAt)
                    .all(&self.tx)
                    .await?,
            );
        }
        Ok(out)
    }
}
