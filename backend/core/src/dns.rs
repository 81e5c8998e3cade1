//! DNS TXT lookups for custom-domain proofs: the system's resolver (its
//! `/etc/resolv.conf`), or fixed answers ([`StaticDns`], for tests and
//! offline installations).

use crate::ports::DnsTxt;
use hickory_resolver::TokioAsyncResolver;
use hickory_resolver::config::{ResolverConfig, ResolverOpts};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The system's resolver.
pub struct SystemDns {
    resolver: TokioAsyncResolver,
}

impl SystemDns {
    /// From the system configuration, or public defaults without one.
    pub fn new() -> Self {
        let resolver = TokioAsyncResolver::tokio_from_system_conf().unwrap_or_else(|_| {
            TokioAsyncResolver::tokio(ResolverConfig::default(), ResolverOpts::default())
        });
        Self { resolver }
    }
}

impl Default for SystemDns {
    fn default() -> Self {
        Self::new()
    }
}

#[async_trait::async_trait]
impl DnsTxt for SystemDns {
    async fn txt(&self, name: &str) -> anyhow::Result<Vec<String>> {
        let found = self.resolver.txt_lookup(name).await?;
        Ok(found
            .iter()
            .map(|record| {
                record
                    .txt_data()
                    .iter()
                    .map(|part| String::from_utf8_lossy(part))
                    .collect::<String>()
            })
            .collect())
    }
}

/// Fixed answers: what [`StaticDns::set`] put there (clones share them).
#[derive(Clone, Default)]
pub struct StaticDns {
    records: Arc<RwLock<HashMap<String, Vec<String>>>>,
}

impl StaticDns {
    /// Answers `values` for `name` from now on.
    pub fn set(&self, name: &str, values: &[&str]) {
        if let Ok(mut r) = self.records.write() {
            r.insert(
                name.to_ascii_lowercase(),
                values.iter().map(|v| (*v).to_owned()).collect(),
            );
        }
    }
}

#[async_trait::async_trait]
impl DnsTxt for StaticDns {
    async fn txt(&self, name: &str) -> anyhow::Result<Vec<String>> {
        let records = self
            .records
            .read()
            .map_err(|_| anyhow::anyhow!("the static DNS is poisoned"))?;
        Ok(records
            .get(&name.to_ascii_lowercase())
            .cloned()
            .unwrap_or_default())
    }
}
