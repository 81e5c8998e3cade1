//! The command line: `ringledger serve | migrate | admin create | rate |
//! import-deck | bill-run | books check | audit verify | backup | generate`.

mod audit;
mod backup;
mod bill_run;
mod books;
mod generate;
mod import_deck;
pub mod rate;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use ringledger_core::auth::password;
use ringledger_core::clock::SettableClock;
use ringledger_core::config::{Overrides, Settings};
use ringledger_db::entities::platform_admins;
use ringledger_db::repo::Repos;
use ringledger_http::startup::Application;
use ringledger_shared::validate::{Email, NewPassword};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

/// Ringledger: one bill for every telephony service.
#[derive(Debug, Parser)]
#[command(name = "ringledger", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub struct Common {
    /// Data directory (SQLite database, signing key, outgoing mail).
    #[arg(long, global = true, env = "RINGLEDGER_DATA_DIR")]
    data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database and serve the API and the web app.
    Serve {
        /// Port to listen on (default 8080).
        #[arg(long)]
        port: Option<u16>,
        #[command(flatten)]
        common: Common,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        common: Common,
    },
    /// Manage platform administrators.
    Admin {
        #[command(subcommand)]
        action: AdminCommand,
    },
    /// Rate a CSV of calls against a rate deck; CSV out on stdout. Exit
    /// status 2 when the deck is invalid.
    Rate {
        /// The rate deck (PRODUCT.md format).
        #[arg(long)]
        deck: PathBuf,
        /// Calls: `call_id,destination,duration_secs` (extra columns ignored).
        #[arg(long)]
        cdrs: PathBuf,
    },
    /// Import a rate deck CSV for an operator, as the console's upload does.
    /// Exit status 2 with every problem listed when the deck is invalid.
    ImportDeck {
        /// The operator's portal slug.
        #[arg(long)]
        tenant: String,
        /// Deck name (a new name creates the deck; a known one adds a version).
        #[arg(long)]
        name: String,
        /// ISO 4217 currency (default: the deck's, or the operator's).
        #[arg(long)]
        currency: Option<String>,
        /// First day the version prices calls, YYYY-MM-DD (default: today).
        #[arg(long)]
        effective_from: Option<String>,
        /// The deck CSV (also accepted as `--deck FILE` or `--file FILE`).
        #[arg(long = "deck", visible_alias = "file", value_name = "FILE")]
        deck: Option<PathBuf>,
        /// The deck CSV.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Run the bill run of an operator now, in this process, and print its
    /// timings.
    BillRun {
        /// The operator's portal slug.
        #[arg(long)]
        tenant: String,
        /// Bill the periods ended by this day, YYYY-MM-DD (default: today).
        #[arg(long)]
        as_of: Option<String>,
        /// Then send every invoice e-mail (PDF attached), timed separately.
        #[arg(long)]
        send_mail: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Copy the database (a consistent snapshot, while serving) and the key
    /// files into a new directory.
    Backup {
        /// Directory to write (must be new or empty).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// The books: `ringledger books check` proves every journal sums to
    /// zero, every balance equals its postings, every rated call is posted
    /// once per level and every invoice equals its postings.
    Books {
        #[command(subcommand)]
        action: BooksCommand,
    },
    /// The audit log: `ringledger audit verify` proves each operator's
    /// chain of events whole (nothing removed, nothing altered).
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Write synthetic inputs for benchmarks to stdout.
    Generate {
        #[command(subcommand)]
        what: GenerateCommand,
    },
}

#[derive(Debug, Subcommand)]
enum GenerateCommand {
    /// A rate deck with distinct prefixes.
    Deck {
        /// Number of prefixes.
        #[arg(long, default_value_t = 100_000)]
        rows: usize,
        /// Random seed (same seed, same deck).
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// CDRs whose destinations mostly match the deck of the same seed.
    Cdrs {
        /// Number of calls.
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        /// Rows of the deck the calls are made for.
        #[arg(long, default_value_t = 100_000)]
        deck_rows: usize,
        /// Random seed of that deck.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
enum BooksCommand {
    /// Check the books of every operator (or one) and print each seller's
    /// trial balance. Exit status 1 naming the first discrepancy.
    Check {
        /// Only this operator (its portal slug).
        #[arg(long)]
        tenant: Option<String>,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Verify the audit chain of every operator (or one). Exit status 1
    /// naming the first removed or altered event.
    Verify {
        /// Only this operator (its portal slug).
        #[arg(long)]
        tenant: Option<String>,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create a platform administrator. Asks for the password on a terminal;
    /// otherwise reads it from the first line of stdin.
    Create {
        /// The admin's login e-mail.
        #[arg(long)]
        email: String,
        /// Read the password from stdin even on a terminal.
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        common: Common,
    },
}

impl Cli {
    /// Runs the chosen command.
    pub async fn run(self) -> anyhow::Result<std::process::ExitCode> {
        match self.command {
            Command::Rate { deck, cdrs } => rate::run(&deck, &cdrs),
            Command::ImportDeck {
                tenant,
                name,
                currency,
                effective_from,
                deck,
                file,
                common,
            } => {
                let file = deck.or(file).ok_or_else(|| {
                    anyhow::anyhow!("name the deck file: ringledger import-deck … FILE")
                })?;
                import_deck::run(import_deck::ImportArgs {
                    tenant,
                    name,
                    currency,
                    effective_from,
                    file,
                    data_dir: common.data_dir,
                })
                .await
            }
            Command::BillRun {
                tenant,
                as_of,
                send_mail,
                common,
            } => {
                bill_run::run(bill_run::BillRunArgs {
                    tenant,
                    as_of,
                    send_mail,
                    data_dir: common.data_dir,
                })
                .await?;
                Ok(std::process::ExitCode::SUCCESS)
            }
            Command::Backup { out, common } => {
                let written = backup::run(common.data_dir, &out).await?;
                for f in written.files {
                    eprintln!("wrote {}", f.display());
                }
                Ok(std::process::ExitCode::SUCCESS)
            }
            Command::Books {
                action: BooksCommand::Check { tenant, common },
            } => {
                let repos = connect(&common).await?;
                repos.migrate().await?;
                books::check(&repos, tenant.as_deref()).await
            }
            Command::Audit {
                action: AuditCommand::Verify { tenant, common },
            } => {
                let repos = connect(&common).await?;
                repos.migrate().await?;
                audit::verify(&repos, tenant.as_deref()).await
            }
            Command::Generate { what } => {
                match what {
                    GenerateCommand::Deck { rows, seed } => generate::deck(rows, seed)?,
                    GenerateCommand::Cdrs {
                        rows,
                        deck_rows,
                        seed,
                    } => generate::cdrs(rows, deck_rows, seed)?,
                }
                Ok(std::process::ExitCode::SUCCESS)
            }
            other => self::run_other(other)
                .await
                .map(|()| std::process::ExitCode::SUCCESS),
        }
    }
}

async fn run_other(command: Command) -> anyhow::Result<()> {
    {
        match command {
            Command::Serve { port, common } => {
                let settings = Settings::load(&Overrides {
                    port,
                    data_dir: common.data_dir,
                })?;
                crate::telemetry::init(&settings.log_format);
                let clock = SettableClock::system();
                if let Some(now) = settings.fake_now.as_deref().filter(|s| !s.is_empty()) {
                    let at = chrono::DateTime::parse_from_rfc3339(now)
                        .map_err(|e| anyhow::anyhow!("RINGLEDGER_FAKE_NOW: {e}"))?;
                    tracing::warn!(%at, "the clock is pinned (RINGLEDGER_FAKE_NOW)");
                    clock.set(at.with_timezone(&chrono::Utc));
                }
                let app = Application::build(settings, std::sync::Arc::new(clock)).await?;
                tracing::info!(
                    port = app.port(),
                    "Ringledger is serving on http://127.0.0.1:{}",
                    app.port()
                );
                app.run_until_stopped().await?;
                Ok(())
            }
            Command::Migrate { common } => {
                let repos = connect(&common).await?;
                repos.migrate().await?;
                eprintln!("migrations applied");
                Ok(())
            }
            Command::Admin {
                action:
                    AdminCommand::Create {
                        email,
                        password_stdin,
                        common,
                    },
            } => create_admin(&common, &email, password_stdin).await,
            Command::Rate { .. }
            | Command::Generate { .. }
            | Command::ImportDeck { .. }
            | Command::Backup { .. }
            | Command::Books { .. }
            | Command::Audit { .. }
            | Command::BillRun { .. } => Ok(()),
        }
    }
}

async fn connect(common: &Common) -> anyhow::Result<Repos> {
    let settings = Settings::load(&Overrides {
        port: None,
        data_dir: common.data_dir.clone(),
    })?;
    std::fs::create_dir_all(ringledger_core::config::absolute(&settings.data_dir)?)?;
    Ok(Repos::connect(&settings.database_url()?).await?)
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ")?;
    let second = rpassword::prompt_password("Repeat password: ")?;
    if first != second {
        bail!("the two passwords differ");
    }
    Ok(first)
}

async fn create_admin(common: &Common, email: &str, password_stdin: bool) -> anyhow::Result<()> {
    let email = Email::parse("email", email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let password = NewPassword::parse("password", &read_password(password_stdin)?)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let repos = connect(common).await?;
    repos.migrate().await?;
    let tx = repos.platform().await?;
    if tx.admin_by_email(email.as_str()).await?.is_some() {
        bail!("a platform admin with e-mail {email} already exists");
    }
    let hash = password::hash_blocking(password.expose())?;
    tx.insert_admin(platform_admins::Model {
        id: uuid::Uuid::now_v7(),
        email: email.to_string(),
        password_hash: hash,
        created_at: chrono::Utc::now(),
        totp_secret: None,
        totp_pending: None,
        totp_enabled_at: None,
        totp_last_step: None,
        recovery_codes: None,
    })
    .await
    .context("storing the admin")?;
    tx.commit().await?;
    eprintln!("platform admin {email} created");
    Ok(())
}
