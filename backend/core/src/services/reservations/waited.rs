//! Renewals a call waits for (an account's first call, a lease run out,
//! money short after the balance moved), made by the renewer
//! ([`super::start_renewing_ahead`]): the calls waiting at one moment share
//! one transaction per tenant, a group commit. When many accounts renew at
//! once (an instance's start, a burst after a quiet spell, accounts that
//! call less often than the lease) they no longer queue one transaction
//! each for SQLite's single writer, each statement waiting its turn on a
//! busy worker; the renewer's runtime is otherwise idle.
//!
//! Each call keeps its grant locked while it waits, as when it renewed
//! itself, and hands the renewer what the renewal needs of it ([`View`]);
//! the renewer waits for no grant, so none can wait for it in a circle.
//! Accounts are locked in id order, as CDR batches lock them. Each tenant's
//! group (at most [`GROUP`] renewals) is made in a task of its own, so one
//! tenant's burst does not hold up another's calls. If a shared
//! transaction fails, each of its renewals is tried again alone, so one
//! account's failure is its call's alone.

use super::{Call, Planned, Reservations, View, read_and_write, renew, renewed};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use ringledger_shared::ids::TenantId;
use tokio::sync::{mpsc, oneshot};

use super::grant::Grant;

/// A renewal a call waits for.
pub(super) struct Waited {
    tenant: TenantId,
    view: View,
    call: Call,
    now: DateTime<Utc>,
    reply: oneshot::Sender<AppResult<Option<Planned>>>,
}

/// Where calls hand their renewals to the renewer.
pub(super) type Sender = mpsc::UnboundedSender<Waited>;
/// Where the renewer takes them.
pub(super) type Receiver = mpsc::UnboundedReceiver<Waited>;

impl Reservations {
    /// Renews `g` for `call` and waits for it: through the renewer, with
    /// the other renewals waited for at that moment; the call renews it
    /// itself when no renewer runs or it has stopped.
    pub(super) async fn renew_waited(
        &self,
        tenant: TenantId,
        g: &mut Grant,
        call: Call,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        self.ahead.renewed_waited();
        g.renewing();
        if let Some(sender) = self.ahead.waited() {
            let (reply, answer) = oneshot::channel();
            let asked = Waited {
                tenant,
                view: View::of(g),
                call,
                now,
                reply,
            };
            if sender.send(asked).is_ok()
                && let Ok(planned) = answer.await
            {
                renewed(g, planned?, now);
                return Ok(());
            }
        }
        renew(&self.repos, &self.instance, tenant, g, call, now).await
    }

    /// Makes the renewals one tenant's `group` waits for (see [`groups`]) in
    /// one transaction, each tried again alone if it failed.
    pub(super) async fn renew_group_waited(&self, group: Vec<Waited>) {
        match self.write_waited(&group).await {
            Ok(planned) => {
                for (w, p) in group.into_iter().zip(planned) {
                    let _ = w.reply.send(Ok(p));
                }
            }
            Err(e) if group.len() == 1 => {
                if let Some(w) = group.into_iter().next() {
                    let _ = w.reply.send(Err(e));
                }
            }
            Err(_) => {
                for w in group {
                    let alone = self.write_waited(std::slice::from_ref(&w)).await;
                    let _ = w.reply.send(alone.map(|mut p| p.pop().flatten()));
                }
            }
        }
    }

    /// Writes `group`'s renewals (one tenant's, in account order) in one
    /// transaction and commits it.
    async fn write_waited(&self, group: &[Waited]) -> AppResult<Vec<Option<Planned>>> {
        let Some(first) = group.first() else {
            return Ok(Vec::new());
        };
        let tx = self.repos.tenant_quiet(first.tenant).await?;
        // One moment for the group: the latest any of its calls asked at
        // (a hold counts from it, at least as long as each call's own).
        let now = group.iter().map(|w| w.now).max().unwrap_or(first.now);
        let renewals: Vec<_> = group.iter().map(|w| (w.view, w.call)).collect();
        let planned = read_and_write(&tx, &self.instance, &renewals, now).await?;
        tx.commit().await?;
        Ok(planned)
    }
}

/// The most renewals one transaction makes (waited for or ahead): a
/// tenant's burst keeps
/// SQLite's writer (and its accounts' rows) for a bounded time.
pub(super) const GROUP: usize = 256;

/// `batch` in groups of one tenant each (at most [`GROUP`]), its accounts
/// in id order (as CDR batches lock them): each group is made on its own
/// (`renew_group_waited`), so one tenant's burst does not hold up another
/// tenant's calls.
pub(super) fn groups(mut batch: Vec<Waited>) -> Vec<Vec<Waited>> {
    batch.sort_by_key(|w| (w.tenant, w.call.need.account));
    let mut out: Vec<Vec<Waited>> = Vec::new();
    for w in batch {
        match out.last_mut() {
            Some(g) if g.len() < GROUP && g[0].tenant == w.tenant => g.push(w),
            _ => out.push(vec![w]),
        }
    }
    out
}
