//! The rows that could price a number, for the console's price preview
//! (rated in the browser by `shared::rating`, the same code that bills).

use super::deck_and_version;
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::views::rate_view;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::RateMatchResponse;
use ringledger_shared::rating::normalize;
use uuid::Uuid;

/// Every row of a version of deck `id` (default: the current one) whose
/// prefix starts the normalised `number`.
pub async fn match_rates(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    id: Uuid,
    number: &str,
    version_id: Option<Uuid>,
) -> Result<RateMatchResponse, AppError> {
    let number = normalize(number).map_err(|_| {
        AppError::new(
            ErrorCode::ValidationFailed,
            "number must be 1 to 15 digits (after dropping + or 00)",
        )
        .with_field("number")
    })?;
    let digits = number.as_str();
    let prefixes: Vec<String> = (1..=digits.len()).map(|n| digits[..n].to_owned()).collect();
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let (_, version) =
        deck_and_version(clock.now().date_naive(), &tx, staff, id, version_id).await?;
    let rows = tx
        .catalog()
        .rates_with_prefixes(version.id, prefixes)
        .await?;
    tx.commit().await?;
    Ok(RateMatchResponse {
        number: digits.to_owned(),
        version_id: version.id,
        rates: rows.iter().map(rate_view).collect(),
    })
}
