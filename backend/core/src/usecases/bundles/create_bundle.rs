//! Creating a bundle with its allowances.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::usecases::plans::create_plan::{check_deck, service_kind};
use crate::views::bundle_view;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{bundle_allowances, bundles};
use ringledger_db::repo::Repos;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::{AllowanceRequest, BundleView, CreateBundleRequest};
use ringledger_shared::ids::DeckId;
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::validate::{self, DisplayName};
use uuid::Uuid;

fn kinds(field: &str, raw: &[String]) -> Result<Vec<ServiceKind>, AppError> {
    let mut out = raw
        .iter()
        .map(|k| service_kind(field, k))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

fn join(kinds: &[ServiceKind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Checks the requested allowances (in order, the first problem named by
/// its field) and turns them into rows of a bundle not yet stored.
async fn allowance_rows(
    tx: &TenantTx,
    staff: &StaffPrincipal,
    requested: &[AllowanceRequest],
    services: &[ServiceKind],
) -> Result<Vec<bundle_allowances::Model>, AppError> {
    let mut allowances = Vec::with_capacity(requested.len());
    for (i, a) in requested.iter().enumerate() {
        let group_id = a.group_id.ok_or_else(|| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "each allowance needs a group_id",
            )
            .with_field(format!("allowances[{i}].group_id"))
        })?;
        if tx.catalog().group(group_id).await?.is_none() {
            return Err(AppError::new(
                ErrorCode::ValidationFailed,
                "group_id names no destination group of yours",
            )
            .with_field(format!("allowances[{i}].group_id")));
        }
        if a.minutes == 0 || a.minutes > 1_000_000 {
            return Err(
                AppError::new(ErrorCode::ValidationFailed, "minutes must be 1 to 1000000")
                    .with_field(format!("allowances[{i}].minutes")),
            );
        }
        let mut who = kinds(&format!("allowances[{i}].service_kinds"), &a.service_kinds)?;
        if who.is_empty() {
            who = services.to_vec();
        }
        if let Some(k) = who.iter().find(|k| !services.contains(k)) {
            return Err(AppError::new(
                ErrorCode::ValidationFailed,
                format!("{k} is not a service of this bundle"),
            )
            .with_field(format!("allowances[{i}].service_kinds")));
        }
        allowances.push(bundle_allowances::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id: Uuid::now_v7(),
            bundle_id: Uuid::nil().into(),
            group_id,
            minutes: a.minutes as i32,
            priority: a.priority,
            service_kinds: join(&who),
        });
    }
    Ok(allowances)
}

/// Creates a bundle with its allowances. Every refusal names a field (a
/// name already used is `409 conflict` on `name`), so there is no error
/// enum of its own.
pub async fn create_bundle(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    req: &CreateBundleRequest,
) -> Result<BundleView, AppError> {
    let name = DisplayName::parse("name", &req.name)?;
    let services = kinds("service_kinds", &req.service_kinds)?;
    if services.is_empty() {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "service_kinds must list at least one service",
        )
        .with_field("service_kinds"));
    }
    let tx = repos.tenant(staff.tenant_id).await?;
    let currency = tx.currency().await?;
    let fee = validate::price("monthly_fee", &req.monthly_fee, currency)?;
    if let Some(deck_id) = req.deck_id {
        check_deck(&tx, deck_id, currency).await?;
    }
    let mut allowances = allowance_rows(&tx, staff, &req.allowances, &services).await?;
    if tx.catalog().bundle_by_name(name.as_str()).await?.is_some() {
        return Err(
            AppError::new(ErrorCode::Conflict, "a bundle with this name exists").with_field("name"),
        );
    }
    let bundle = tx
        .catalog()
        .insert_bundle(
            bundles::Model {
                tenant_id: staff.tenant_id.as_uuid(),
                id: Uuid::now_v7().into(),
                name: name.as_str().to_owned(),
                monthly_fee: DbDecimal(fee),
                currency: currency.to_string(),
                deck_id: req.deck_id.map(DeckId),
                active: true,
                created_at: clock.now(),
            },
            &services,
            allowances.clone(),
        )
        .await?;
    let names = tx.catalog().group_names().await?;
    for a in allowances.iter_mut() {
        a.bundle_id = bundle.id;
    }
    let view = bundle_view(&bundle, &services, &allowances, &names);
    let event = Event::new("bundle.created", "bundle", bundle.id).changes(Changes::created(&view));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(view)
}
