//! A one-off charge (or, negative, a credit) that the customer's next
//! invoice bills.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::usecases::customers::staff_customer;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::one_off_charges;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::billing::{ChargeRequest, ChargeView};
use ringledger_shared::ids::CustomerId;
use ringledger_shared::money::Currency;
use ringledger_shared::validate::{self, DisplayName};
use uuid::Uuid;

/// Adds a one-off charge or credit to customer `id`'s next invoice.
pub async fn add_charge(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    id: CustomerId,
    request: &ChargeRequest,
) -> Result<ChargeView, AppError> {
    let description = DisplayName::parse("description", &request.description)?;
    let tx = StaffTx::open(repos, staff).await?;
    let (_, account) = staff_customer(&tx, id).await?;
    // A reseller's customer is billed by the reseller: its parent may look,
    // not charge (the rule balance adjustments have).
    if account.seller_id != staff.seller_id.as_uuid() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "only the customer's own seller can charge it",
        ));
    }
    let currency = Currency::parse(&account.currency).unwrap_or(Currency::USD);
    let amount = validate::signed_amount("amount", &request.amount, currency)?;
    let actor = crate::usecases::actor(&tx, staff).await?;
    let charge = tx
        .billing()
        .insert_one_off(one_off_charges::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id: Uuid::now_v7(),
            account_id: account.id,
            description: description.as_str().to_owned(),
            amount: DbDecimal(amount),
            invoice_id: None,
            created_by: actor,
            created_at: clock.now(),
        })
        .await?;
    let event = Event::new("charge.added", "charge", charge.id)
        .customer(id)
        .changes(
            Changes::none()
                .to("amount", amount)
                .to("description", description.as_str()),
        );
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(ChargeView {
        id: charge.id,
        description: charge.description,
        amount: charge.amount.0,
        invoice_id: None,
    })
}
