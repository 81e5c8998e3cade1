//! `POST /api/v1/numbers/import`: the operator's number inventory from a
//! CSV. New numbers come in free; a known number takes the file's country
//! and fees (its holder pays the new monthly fee from the next invoice).
//! Importing the same file again changes nothing.

use super::operator_only;
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::phone_numbers;
use ringledger_db::repo::Repos;
use ringledger_shared::api::numbers::{NumbersImported, parse_numbers_csv};
use std::collections::HashMap;
use uuid::Uuid;

/// Imports the CSV `text`; answers what it changed (audited).
pub async fn import_numbers(
    repos: &Repos,
    staff: &StaffPrincipal,
    text: &str,
) -> Result<NumbersImported, AppError> {
    let rows = parse_numbers_csv(text).map_err(|e| AppError::from_fields(vec![e]))?;
    let tx = StaffTx::open(repos, staff).await?;
    operator_only(&tx)?;
    // Imports one at a time (two at once would both insert the same
    // rows): the operator's row is the lock.
    tx.billing()
        .seller_for_update(staff.seller_id.as_uuid())
        .await?;
    let now = staff.origin.at;
    let wanted: Vec<String> = rows.iter().map(|r| r.number.clone()).collect();
    let known: HashMap<String, phone_numbers::Model> = tx
        .numbers()
        .numbers_in(&wanted)
        .await?
        .into_iter()
        .map(|n| (n.number.clone(), n))
        .collect();
    let mut out = NumbersImported {
        added: 0,
        updated: 0,
        unchanged: 0,
    };
    let mut new = Vec::new();
    for r in rows {
        match known.get(&r.number) {
            Some(n)
                if n.country == r.country
                    && n.monthly_fee.0 == r.monthly_fee
                    && n.setup_fee.0 == r.setup_fee =>
            {
                out.unchanged += 1
            }
            Some(n) => {
                tx.numbers()
                    .set_number_terms(n.id, &r.country, r.monthly_fee, r.setup_fee, now)
                    .await?;
                out.updated += 1;
            }
            None => {
                new.push(phone_numbers::Model {
                    tenant_id: staff.tenant_id.as_uuid(),
                    id: Uuid::now_v7(),
                    number: r.number,
                    country: r.country,
                    monthly_fee: DbDecimal(r.monthly_fee),
                    setup_fee: DbDecimal(r.setup_fee),
                    status: "free".into(),
                    service_id: None,
                    account_id: None,
                    quarantined_until: None,
                    reserved_until: None,
                    reservation: None,
                    created_at: now,
                    updated_at: now,
                });
                out.added += 1;
            }
        }
    }
    tx.numbers().insert_numbers(new).await?;
    if out.added + out.updated > 0 {
        let event = Event::new("numbers.imported", "seller", staff.seller_id).changes(
            Changes::none()
                .to("added", out.added)
                .to("updated", out.updated),
        );
        audit::by_staff(&tx, staff, event).await?;
    }
    tx.commit().await?;
    Ok(out)
}
