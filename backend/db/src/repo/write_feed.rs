//! Other processes' writes: each process publishes which tenants it wrote
//! (`write_generations`, one row per tenant and process, counting up) and
//! reads the other processes' rows, so that its in-memory copies of their
//! rows are dropped as soon as they change (see [`Generations`]).

#[cfg(doc)]
use super::Generations;
use super::Repos;
use crate::entities::write_generations;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// The name the command line's processes publish their writes under (one
/// for all of them: they are short-lived).
pub const CLI_PROCESS: &str = "cli";

impl Repos {
    /// Publishes, as process `instance`, the tenants this process wrote
    /// since the last call (one statement, nothing when nothing was
    /// written). Tenants whose publication failed are kept for the next.
    pub async fn publish_writes(&self, instance: &str) -> Result<(), DbErr> {
        let written = self.gens.take_unpublished();
        if written.is_empty() {
            return Ok(());
        }
        let now_ms = chrono::Utc::now().timestamp_millis();
        let rows = written.iter().map(|tenant| write_generations::ActiveModel {
            tenant_id: sea_orm::Set(*tenant),
            instance: sea_orm::Set(instance.to_owned()),
            generation: sea_orm::Set(1),
            updated_ms: sea_orm::Set(now_ms),
        });
        let upsert = write_generations::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    write_generations::Column::TenantId,
                    write_generations::Column::Instance,
                ])
                .value(
                    write_generations::Column::Generation,
                    Expr::col((
                        write_generations::Entity,
                        write_generations::Column::Generation,
                    ))
                    .add(1),
                )
                .value(write_generations::Column::UpdatedMs, Expr::val(now_ms))
                .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await;
        if upsert.is_err() {
            self.gens.keep_unpublished(written);
        }
        upsert.map(|_| ())
    }

    /// Reads the other processes' counts (all but `instance`'s) and moves
    /// the generation of every tenant they wrote since the last reading.
    pub async fn follow_writes(&self, instance: &str) -> Result<(), DbErr> {
        let rows: Vec<(uuid::Uuid, i64)> = write_generations::Entity::find()
            .select_only()
            .column(write_generations::Column::TenantId)
            .column(write_generations::Column::Generation)
            .filter(write_generations::Column::Instance.ne(instance))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut counts: HashMap<uuid::Uuid, i64> = HashMap::with_capacity(rows.len());
        for (tenant, n) in rows {
            *counts.entry(tenant).or_insert(0) += n;
        }
        self.gens.follow(counts);
        Ok(())
    }

    /// Deletes the rows last published before `cutoff_ms` (milliseconds
    /// since the Unix epoch): those of processes gone for good. A live
    /// process's deleted row only makes the others drop that tenant's
    /// cached rows once, and its next publication starts it again.
    pub async fn forget_writes_before(&self, cutoff_ms: i64) -> Result<u64, DbErr> {
        write_generations::Entity::delete_many()
            .filter(write_generations::Column::UpdatedMs.lt(cutoff_ms))
            .exec(&self.db)
            .await
            .map(|r| r.rows_affected)
    }

    /// Whether other processes' writes are followed (see
    /// [`Generations::following`]).
    pub fn following_writes(&self) -> bool {
        self.gens.following()
    }
}
