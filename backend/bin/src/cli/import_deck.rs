//! `ringledger import-deck`: the console's deck upload, from the command line.

use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use ringledger_core::clock::SettableClock;
use ringledger_core::config::{Overrides, Settings, absolute};
use ringledger_core::services::deck_import::{DeckUpload, import_deck, sha256_file};
use ringledger_db::repo::{CLI_PROCESS, Repos};
use ringledger_shared::ErrorCode;
use ringledger_shared::ids::TenantId;
use ringledger_shared::validate::{self, DisplayName};
use std::path::PathBuf;
use std::process::ExitCode;

/// What to import where.
pub struct ImportArgs {
    /// The operator's portal slug.
    pub tenant: String,
    /// Deck name.
    pub name: String,
    /// Currency (default: the deck's or the operator's).
    pub currency: Option<String>,
    /// First day the version prices calls (default: today).
    pub effective_from: Option<String>,
    /// The CSV file.
    pub file: PathBuf,
    /// Data directory override.
    pub data_dir: Option<PathBuf>,
}

/// Imports the deck; exit status 2 with every problem on stderr when the
/// deck is invalid.
pub async fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(&Overrides {
        port: None,
        data_dir: args.data_dir.clone(),
    })?;
    let data_dir = absolute(&settings.data_dir)?;
    std::fs::create_dir_all(&data_dir)?;
    let repos = Repos::connect(&settings.database_url()?).await?;
    repos.migrate().await?;

    let name = DisplayName::parse("name", &args.name).map_err(|e| anyhow!("{e}"))?;
    let currency = args
        .currency
        .as_deref()
        .map(|c| validate::currency("currency", c))
        .transpose()
        .map_err(|e| anyhow!("{e}"))?;
    let effective_from = match args.effective_from.as_deref() {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .context("--effective-from must be YYYY-MM-DD")?,
        None => chrono::Utc::now().date_naive(),
    };
    let tx = repos.platform().await?;
    let tenant = tx
        .tenant_by_slug(args.tenant.trim())
        .await?
        .ok_or_else(|| anyhow!("no operator with slug `{}`", args.tenant))?;
    tx.commit().await?;

    let sha256 =
        sha256_file(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let started = std::time::Instant::now();
    let upload = DeckUpload {
        name,
        currency,
        effective_from,
        file: args.file.clone(),
        sha256,
        owner: None,
        by: (
            ringledger_core::audit::Actor::Anonymous(
                "ringledger import-deck (command line)".into(),
            ),
            ringledger_core::auth::principal::Origin {
                at: chrono::Utc::now(),
                ..Default::default()
            },
        ),
    };
    match import_deck(
        &repos,
        &SettableClock::system(),
        TenantId(tenant.id),
        upload,
    )
    .await
    {
        Ok(outcome) => {
            // Running servers see the new version at once.
            repos.publish_writes(CLI_PROCESS).await?;
            let s = &outcome.summary;
            println!(
                "{} deck `{}` version {} effective {}: {} rows, {} destinations, rates {}–{} {} ({:.1} s)",
                if outcome.created {
                    "imported"
                } else {
                    "already imported:"
                },
                outcome.deck.name,
                outcome.version.id,
                outcome.version.effective_from,
                s.rows,
                s.destinations,
                s.min_rate.unwrap_or_default(),
                s.max_rate.unwrap_or_default(),
                outcome.deck.currency,
                started.elapsed().as_secs_f64(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if e.code == ErrorCode::InvalidDeck => {
            eprintln!("{}: {}", args.file.display(), e.message);
            for p in e.problems.unwrap_or_default() {
                eprintln!("  {p}");
            }
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(anyhow!("{}", e.message)),
    }
}
