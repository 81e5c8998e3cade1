//! Keeps this process's caches in step with the other processes on the
//! same database: publishes the tenants this process wrote every
//! [`PUBLISH_EVERY`] and reads the others' every [`FOLLOW_EVERY`] (see
//! `ringledger_db::repo::Generations`). Runs in every `serve` process, web-only
//! replicas included: it is what lets the authorization cache trust an
//! entry until its tenant is written anywhere, instead of reloading it
//! every second.

use crate::state::AppState;
use std::time::Duration;

/// How often this process publishes what it wrote.
pub const PUBLISH_EVERY: Duration = Duration::from_millis(100);
/// How often it reads what the others wrote.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(500);
/// How often it deletes the rows of processes gone for good.
pub const FORGET_EVERY: Duration = Duration::from_secs(600);
/// A process that published nothing for this long is taken to be gone.
pub const GONE_AFTER: chrono::Duration = chrono::Duration::days(1);

/// Starts publishing and following in the background.
pub fn start(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PUBLISH_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let per = |d: Duration| (d.as_millis() / PUBLISH_EVERY.as_millis()).max(1) as u64;
        let (per_follow, per_forget) = (per(FOLLOW_EVERY), per(FORGET_EVERY));
        let mut ticks = 0u64;
        let mut failing = false;
        loop {
            tick.tick().await;
            let mut done = state.repos().publish_writes(state.instance_id()).await;
            if ticks.is_multiple_of(per_follow) {
                done = done.and(state.repos().follow_writes(state.instance_id()).await);
            }
            if ticks.is_multiple_of(per_forget) {
                let cutoff = (chrono::Utc::now() - GONE_AFTER).timestamp_millis();
                done = done.and(state.repos().forget_writes_before(cutoff).await.map(|_| ()));
            }
            ticks += 1;
            // Said once when it starts failing and once when it recovers;
            // meanwhile the caches fall back to their short time to live.
            match done {
                Err(e) if !failing => {
                    failing = true;
                    tracing::warn!(error = %e, "other instances' writes cannot be followed");
                }
                Ok(()) if failing => {
                    failing = false;
                    tracing::info!("other instances' writes are followed again");
                }
                _ => {}
            }
        }
    });
}

/// Publishes what is left to publish (at shutdown).
pub async fn flush(state: &AppState) {
    if let Err(e) = state.repos().publish_writes(state.instance_id()).await {
        tracing::warn!(error = %e, "the last writes could not be published");
    }
}
