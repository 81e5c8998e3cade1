//! `ringledger bill-run`: the console's bill run, synchronously, with its
//! timings (and, with `--send-mail`, the time to render and send every
//! invoice e-mail with its PDF).

use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use ringledger_core::auth::jwt::JwtKeys;
use ringledger_core::clock::{Clock, SettableClock};
use ringledger_core::config::{Overrides, Settings, absolute};
use ringledger_core::services::billing::bill_run;
use ringledger_core::state::AppState;
use ringledger_db::repo::{CLI_PROCESS, Repos};
use ringledger_shared::ids::{SellerId, TenantId};
use std::path::PathBuf;
use std::time::Instant;

/// What to bill.
pub struct BillRunArgs {
    /// The operator's portal slug.
    pub tenant: String,
    /// Bill periods ended by this day (default: today).
    pub as_of: Option<String>,
    /// Also send the invoice e-mails, timed separately.
    pub send_mail: bool,
    /// Data directory override.
    pub data_dir: Option<PathBuf>,
}

/// Runs the bill run to the end and prints what it did.
pub async fn run(args: BillRunArgs) -> anyhow::Result<()> {
    let settings = Settings::load(&Overrides {
        port: None,
        data_dir: args.data_dir.clone(),
    })?;
    crate::telemetry::init(&settings.log_format);
    let data_dir = absolute(&settings.data_dir)?;
    std::fs::create_dir_all(&data_dir)?;
    let repos = Repos::connect(&settings.database_url()?).await?;
    repos.migrate().await?;
    let tx = repos.platform().await?;
    let tenant = tx
        .tenant_by_slug(args.tenant.trim())
        .await?
        .ok_or_else(|| anyhow!("no operator with slug `{}`", args.tenant))?;
    let seller = tx
        .operator_seller(TenantId(tenant.id))
        .await?
        .ok_or_else(|| anyhow!("the operator has no seller"))?;
    tx.commit().await?;
    let clock = SettableClock::system();
    if let Some(now) = settings.fake_now.as_deref().filter(|s| !s.is_empty()) {
        clock.set(chrono::DateTime::parse_from_rfc3339(now)?.with_timezone(&chrono::Utc));
    }
    let as_of = match args.as_of.as_deref() {
        Some(d) => {
            NaiveDate::parse_from_str(d, "%Y-%m-%d").context("--as-of must be YYYY-MM-DD")?
        }
        None => clock.now().date_naive(),
    };
    if clock.now().date_naive() < as_of {
        clock.set(as_of.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    let keys = JwtKeys::from_settings(&settings, &data_dir)?;
    let state = AppState::new(
        settings,
        repos,
        keys,
        std::sync::Arc::new(clock.clone()),
        std::sync::Arc::new(ringledger_core::dns::SystemDns::new()),
        0,
    )?;

    let started = Instant::now();
    let tenant_id = TenantId(tenant.id);
    // Started here and processed in this task (not in the background).
    let run = create(&state, tenant_id, SellerId(seller.id), as_of).await?;
    bill_run::process(&state, tenant_id, run)
        .await
        .map_err(|e| anyhow!("{}", e.message))?;
    let secs = started.elapsed().as_secs_f64();
    let tx = state.repos().tenant_read(tenant_id).await?;
    let done = tx
        .billing()
        .bill_run(run)
        .await?
        .ok_or_else(|| anyhow!("the run vanished"))?;
    tx.commit().await?;
    // Running servers drop what they cached of this tenant.
    state.repos().publish_writes(CLI_PROCESS).await?;
    println!(
        "bill run as of {as_of}: {} accounts, {} invoices, {} invoiced, in {secs:.1} s",
        done.total_accounts,
        done.invoices,
        done.invoiced.0.round_dp(2)
    );
    if args.send_mail {
        // Until the outbox is empty (the run's own background sender
        // may take some of them).
        let started = Instant::now();
        while ringledger_core::email::flush(&state).await? > 0 {}
        let _guard = state.mail_lock().lock().await;
        println!(
            "invoice e-mails with their PDFs: outbox drained {:.1} s after the run",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

async fn create(
    state: &AppState,
    tenant: TenantId,
    seller: SellerId,
    as_of: NaiveDate,
) -> anyhow::Result<uuid::Uuid> {
    let run = bill_run::create(state.repos(), state.clock(), tenant, seller, as_of, "cli")
        .await
        .map_err(|e| anyhow!("{}", e.message))?;
    Ok(run.id)
}
