//! Conversions from stored rows to the API's views.

use crate::entities::tenants;
use crate::state::AppState;
use ringledger_shared::api::{TenantStatus, TenantView};
use ringledger_shared::ids::TenantId;
use ringledger_shared::money::Currency;

/// A tenant row as the API shows it.
pub fn tenant_view(state: &AppState, t: &tenants::Model) -> TenantView {
    TenantView {
        id: TenantId(t.id),
        slug: t.slug.clone(),
        company_name: t.company_name.clone(),
        currency: Currency::parse(&t.currency).unwrap_or(Currency::USD),
        country: t.country.clone(),
        status: TenantStatus::parse(&t.status).unwrap_or(TenantStatus::Suspended),
        portal_url: state.portal_url(&t.slug),
        created_at: t.created_at,
    }
}
