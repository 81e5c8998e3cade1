//! `ringledger audit verify [--tenant SLUG]`: every operator's (or one
//! operator's) audit log walked and proven whole. Exit status 1 naming the
//! first removed or altered event.

use anyhow::anyhow;
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
    let mut first: Option<String> = None;
    for t in tenants {
        let tx = repos.tenant_read(TenantId(t.id)).await?;
        let report = audit_chain::verify(&tx).await.map_err(|e| anyhow!("{e}"))?;
        tx.commit().await?;
        println!(
            "{} ({}): {} audit events — {}",
            t.slug,
            t.company_name,
            report.events,
            if report.problems.is_empty() {
                "chain intact"
            } else {
                "CHAIN BROKEN"
            }
        );
        for p in &report.problems {
            println!("  ! {p}");
            first.get_or_insert_with(|| format!("{}: {p}", t.slug));
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
