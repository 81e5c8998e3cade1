//! `ringledger books check [--tenant SLUG]`: the books of every operator
//! (or one), checked; each seller's trial balance printed. Exit status 1
//! naming the first discrepancy.

use anyhow::anyhow;
use ringledger_core::services::books;
use ringledger_db::repo::Repos;
use ringledger_shared::ids::TenantId;
use std::process::ExitCode;

/// Checks and prints; `FAILURE` when anything does not add up.
pub async fn check(repos: &Repos, slug: Option<&str>) -> anyhow::Result<ExitCode> {
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
        let report = books::check(&tx).await.map_err(|e| anyhow!("{e}"))?;
        tx.commit().await?;
        println!(
            "{} ({}): {} journals, {} postings, {} accounts, {} rated calls, {} invoices — {}",
            t.slug,
            t.company_name,
            report.journals,
            report.postings,
            report.accounts,
            report.rated_records,
            report.invoices,
            if report.ok {
                "books balance"
            } else {
                "DISCREPANCIES"
            }
        );
        let mut seller = None;
        for row in &report.trial_balance {
            if seller != Some(row.seller_id) {
                println!("  trial balance of {} ({})", row.seller_name, row.seller_id);
                seller = Some(row.seller_id);
            }
            println!("    {:<28} {:>18} {}", row.label, row.balance, row.currency);
        }
        for d in &report.discrepancies {
            println!("  ! {d}");
            if first.is_none() {
                first = Some(format!("{}: {d}", t.slug));
            }
        }
    }
    match first {
        Some(d) => {
            eprintln!("books check failed: {d}");
            Ok(ExitCode::FAILURE)
        }
        None => {
            eprintln!("books check passed");
            Ok(ExitCode::SUCCESS)
        }
    }
}
