//! `ringledger backup --out DIR`: a consistent copy of the database and the
//! key files, taken while the server runs.
//!
//! - SQLite: `VACUUM INTO DIR/ringledger.db` (a transactionally consistent
//!   snapshot, compacted).
//! - PostgreSQL: `pg_dump --format=custom` into `DIR/ringledger.pgdump`
//!   (the `pg_dump` of the server's major version must be on the PATH).
//! - Both: `secrets.key` and `jwt-signing.key` from the data directory
//!   (without `secrets.key`, stored Stripe keys and SIP passwords cannot be
//!   read back), unless they come from the environment.
//!
//! Restoring is described in `deploy/README.md` ("Backup and restore").

use anyhow::{Context, bail};
use ringledger_core::config::{Overrides, Settings, absolute};
use ringledger_db::repo::Repos;
use sea_orm::DbBackend;
use std::path::{Path, PathBuf};

/// What `backup` wrote.
#[derive(Debug)]
pub struct Written {
    /// Files written, in order.
    pub files: Vec<PathBuf>,
}

/// Writes the backup into `out` (created; must be empty or absent).
pub async fn run(data_dir: Option<PathBuf>, out: &Path) -> anyhow::Result<Written> {
    let settings = Settings::load(&Overrides {
        port: None,
        data_dir,
    })?;
    let data_dir = absolute(&settings.data_dir)?;
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        bail!(
            "{} is not empty: back up into a new directory",
            out.display()
        );
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let out = absolute(out)?;
    let url = settings.database_url()?;
    let repos = Repos::connect(&url).await?;
    let mut files = Vec::new();
    match repos.backend() {
        DbBackend::Postgres => {
            let file = out.join("ringledger.pgdump");
            let status = std::process::Command::new("pg_dump")
                .arg("--format=custom")
                .arg("--no-owner")
                .arg("--file")
                .arg(&file)
                .arg(&url)
                .status()
                .context("running pg_dump (install the PostgreSQL client tools)")?;
            if !status.success() {
                bail!("pg_dump failed ({status})");
            }
            files.push(file);
        }
        _ => {
            let file = out.join("ringledger.db");
            repos.sqlite_snapshot(&file).await?;
            files.push(file);
        }
    }
    for (name, from_env) in [
        ("secrets.key", settings.secrets_key.is_some()),
        ("jwt-signing.key", settings.jwt_signing_key.is_some()),
    ] {
        let src = data_dir.join(name);
        if !from_env && src.exists() {
            let dst = out.join(name);
            std::fs::copy(&src, &dst).with_context(|| format!("copying {name}"))?;
            files.push(dst);
        }
    }
    Ok(Written { files })
}
