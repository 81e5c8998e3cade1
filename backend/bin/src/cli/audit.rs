//! `ringledger audit verify [--tenant SLUG]`: every operator's (or one
//! operator's) audit log walked and proven whole, and (without `--tenant`)
//! the platform's own chain of admin sign-ins. Exit status 1 naming the
//! first removed or altered event.

use anyhow::anyhow;
use ringledger_core::audit;
use ringledger_core::services::audit_chain;
use ringledger_db::repo::Repos;
use ringledger_shared::ids::TenantId;
use std::process::ExitCode;

/// Verifies and prints; `FAILURE` when a chain is broken.
pub async fn verify(repos: &Repos, slug: Option<&str>) -> anyhow::Result<ExitCode> {
    let tx = repos.platform().await?;
    let tenants = match slug {
        Some(s) => vec![
            tx.tenant_by_slug(s.trim())
                .await?
                .ok_or_else(|| anyhow!("no operator with slug `{s}`"))?,
        ],
        None => tx.all_tenants().await?,
    };
    tx.commit().await?;
    let mut chains: Vec<(TenantId, String, String)> = tenants
        .into_iter()
        .map(|t| (TenantId(t.id), t.slug, t.company_name))
        .collect();
    if slug.is_none() {
        chains.push((
            audit::PLATFORM_CHAIN,
            "platform".into(),
            "admin sign-ins".into(),
        ));
    }
    let mut first: Option<String> = None;
    for (id, slug, name) in chains {
        let tx = repos.tenant_read(id).await?;
        let report = audit_chain::verify(&tx).await.map_err(|e| anyhow!("{e}"))?;
        tx.commit().await?;
        println!(
            "{slug} ({name}): {} audit events — {}",
            report.events,
            if report.problems.is_empty() {
                "chain intact"
            } else {
                "CHAIN BROKEN"
            }
        );
        for p in &report.problems {
            println!("  ! {p}");
            first.get_or_insert_with(|| format!("{slug}: {p}"));
        }
    }
    match first {
        Some(p) => {
            eprintln!("audit verify failed: {p}");
            Ok(ExitCode::FAILURE)
        }
        None => {
            eprintln!("audit verify passed");
            Ok(ExitCode::SUCCESS)
        }
    }
}
