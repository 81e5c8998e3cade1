//! Destination rules: the operator's high-risk prefixes (kept in memory
//! per tenant, read again when the tenant's write generation moves, or
//! after the authorization cache's time to live for other instances' writes) and
//! the country of a number (libphonenumber's metadata).

use crate::error::AppResult;
use crate::services::tenant_cache::TenantCache;
use ringledger_db::repo::{Repos, Stamp};
use ringledger_shared::ids::TenantId;
use ringledger_shared::rating::Number;
use std::collections::HashSet;
use std::sync::Arc;

/// A tenant's high-risk prefixes.
#[derive(Debug, Default)]
pub struct HighRisk {
    prefixes: HashSet<Box<str>>,
    longest: usize,
}

impl HighRisk {
    /// The list of `prefixes`.
    pub fn new<I: IntoIterator<Item = String>>(prefixes: I) -> Self {
        let prefixes: HashSet<Box<str>> = prefixes.into_iter().map(Into::into).collect();
        let longest = prefixes.iter().map(|p| p.len()).max().unwrap_or(0);
        HighRisk { prefixes, longest }
    }

    /// Whether `number` starts with a high-risk prefix.
    pub fn matches(&self, number: &Number) -> bool {
        let digits = number.as_str();
        (1..=digits.len().min(self.longest)).any(|n| self.prefixes.contains(&digits[..n]))
    }

    /// No prefix at all.
    pub fn is_empty(&self) -> bool {
        self.prefixes.is_empty()
    }
}

/// The country (ISO 3166 alpha-2) `number` belongs to: the one whose
/// numbering plan it fits, else the main country of its calling code (a
/// number outside every plan, e.g. a test range, still has a country).
pub fn country_of(number: &Number) -> Option<String> {
    let parsed = phonenumber::parse(None, format!("+{}", number.as_str())).ok()?;
    if let Some(id) = parsed.country().id() {
        return Some(id.as_ref().to_owned());
    }
    let regions = phonenumber::metadata::DATABASE.by_code(&parsed.country().code())?;
    regions
        .iter()
        .find(|m| m.is_main_country_for_code())
        .or_else(|| regions.first().filter(|_| regions.len() == 1))
        .map(|m| m.id().to_owned())
        .filter(|id| id.len() == 2)
}

/// Whether `number` is in one of `countries` (a number whose country is
/// unknown is not).
pub fn in_countries(number: &Number, countries: &[String]) -> bool {
    country_of(number).is_some_and(|c| countries.contains(&c))
}

/// Each tenant's high-risk prefixes as of a write generation.
pub struct HighRiskCache(TenantCache<Stamp, HighRisk>);

impl Default for HighRiskCache {
    fn default() -> Self {
        HighRiskCache(TenantCache::new(crate::services::auth_cache::TTL))
    }
}

impl HighRiskCache {
    /// `tenant`'s list, read again when its generation moved.
    pub async fn get(&self, repos: &Repos, tenant: TenantId) -> AppResult<Arc<HighRisk>> {
        let stamp = repos.stamp(tenant);
        if let Some(list) = self.0.get(tenant, stamp) {
            return Ok(list);
        }
        let tx = repos.tenant_read(tenant).await?;
        let rows = tx.fraud().high_risk().await?;
        tx.commit().await?;
        let list = Arc::new(HighRisk::new(rows.into_iter().map(|r| r.prefix)));
        self.0.put(tenant, stamp, list.clone());
        Ok(list)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ringledger_shared::rating::normalize;

    #[test]
    fn a_prefix_of_the_number_matches() {
        let list = HighRisk::new(["8816".to_owned(), "44909".to_owned()]);
        assert!(list.matches(&normalize("881612345").unwrap()));
        assert!(list.matches(&normalize("+44 909 876 5432").unwrap()));
        assert!(!list.matches(&normalize("447700900123").unwrap()));
        assert!(!HighRisk::default().matches(&normalize("881612345").unwrap()));
    }

    #[test]
    fn countries_come_from_the_numbering_plan() {
        let gb = normalize("447700900123").unwrap();
        assert_eq!(country_of(&gb).as_deref(), Some("GB"));
        assert_eq!(
            country_of(&normalize("33123456789").unwrap()).as_deref(),
            Some("FR")
        );
        assert!(in_countries(&gb, &["FR".into(), "GB".into()]));
        assert!(!in_countries(&gb, &["FR".into()]));
        // The plan decides where a code is shared: +1 684 is American Samoa.
        assert_eq!(
            country_of(&normalize("16847331234").unwrap()).as_deref(),
            Some("AS")
        );
        // International networks (+882) belong to no country.
        assert_eq!(country_of(&normalize("88216123456").unwrap()), None);
    }
}
