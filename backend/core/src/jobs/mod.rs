//! The background jobs of a `serve` process, and their orderly stop.
//!
//! Every job may run in several instances against one database: each unit
//! of work is claimed in the database first (e-mails and automatic charges
//! with `FOR UPDATE SKIP LOCKED` and a lease, bill runs with a lease renewed
//! every chunk), so two instances never do the same one. `RINGLEDGER_JOBS=none`
//! makes a web-only replica.
//!
//! On shutdown the server first stops taking requests and finishes those in
//! flight; then [`Jobs::stop`] lets every unit of work under way (a bill-run
//! chunk, an e-mail, a charge) finish, and starts no new one.

pub mod gate;

pub use gate::Jobs;

use crate::state::AppState;
use std::time::Duration;

/// Starts the periodic jobs (unless `RINGLEDGER_JOBS=none`).
pub fn start(state: &AppState) {
    if state.settings().jobs.trim().eq_ignore_ascii_case("none") {
        tracing::info!("background jobs are off in this process (RINGLEDGER_JOBS=none)");
        return;
    }
    // Retries mail that could not be sent right away.
    every(state, Duration::from_secs(10), "mail", |s| async move {
        crate::email::flush(&s)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    // Webhook deliveries due for a (re)try.
    every(state, Duration::from_secs(5), "webhooks", |s| async move {
        crate::webhooks::flush(&s)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    // Bill runs: take over runs no live instance holds (at once: what this
    // process left when it stopped), then start each day's run when
    // billing periods end.
    every(
        state,
        Duration::from_secs(60),
        "bill runs",
        |s| async move {
            use crate::services::billing::bill_run;
            bill_run::resume(&s).await.map_err(|e| e.message.clone())?;
            bill_run::schedule(&s).await.map_err(|e| e.message)
        },
    );
    // Payments: automatic charges and their retries, dunning.
    every(state, Duration::from_secs(60), "payments", |s| async move {
        crate::services::payments::auto::pass(&s)
            .await
            .map_err(|e| e.message)
    });
    // Rate-limit windows that ended.
    every(
        state,
        Duration::from_secs(300),
        "rate limits",
        |s| async move {
            crate::auth::rate_limit::forget_old(s.repos())
                .await
                .map_err(|e| e.to_string())
        },
    );
}

/// Runs `pass` now and then every `period`, each pass as one unit of work,
/// until the stop.
fn every<F, Fut>(state: &AppState, period: Duration, name: &'static str, pass: F)
where
    F: Fn(AppState) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send,
{
    let state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = state.jobs().stopped() => return,
            }
            let Some(_unit) = state.jobs().enter() else {
                return;
            };
            if let Err(e) = pass(state.clone()).await {
                tracing::warn!(job = name, error = %e, "a background job failed");
            }
        }
    });
}
