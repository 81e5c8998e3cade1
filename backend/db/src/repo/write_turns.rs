//! SQLite's writers of one process take turns (`Repos::begin`): a writer
//! waits while another's transaction is open, and writers waiting start in
//! the order they asked, each as soon as the one before ends (committed or
//! dropped).

use super::Repos;
use ringledger_shared::ids::TenantId;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;

/// A fresh SQLite file (removed at the end).
struct File(std::path::PathBuf);

impl Drop for File {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

async fn sqlite() -> (Repos, File) {
    let path = std::env::temp_dir().join(format!("ringledger-turns-{}.db", Uuid::new_v4()));
    let repos = Repos::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .expect("a SQLite file");
    (repos, File(path))
}

/// Whether a writer is waiting for its turn (the queue is taken).
fn queued(repos: &Repos) -> bool {
    repos.writers.try_lock().is_err()
}

#[tokio::test]
async fn writers_wait_in_the_order_they_asked_and_start_when_the_one_before_ends() {
    let (repos, _file) = sqlite().await;
    let tenant = TenantId(Uuid::new_v4());
    let first = repos.tenant(tenant).await.unwrap();
    assert!(queued(&repos), "the open transaction holds the turn");
    let order = Arc::new(Mutex::new(Vec::new()));
    let mut waiting = Vec::new();
    for name in ["second", "third"] {
        let (repos, order) = (repos.clone(), order.clone());
        waiting.push(tokio::spawn(async move {
            let tx = repos.tenant(tenant).await.unwrap();
            order.lock().unwrap().push(name);
            tokio::time::sleep(Duration::from_millis(20)).await;
            tx.commit().await.unwrap();
        }));
        // Let it reach the queue before the next one asks.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(order.lock().unwrap().is_empty(), "nobody writes meanwhile");
    // Dropped without a commit: the turn passes on all the same.
    drop(first);
    for w in waiting {
        tokio::time::timeout(Duration::from_secs(10), w)
            .await
            .expect("each writer's turn came")
            .unwrap();
    }
    assert_eq!(*order.lock().unwrap(), ["second", "third"]);
    assert!(!queued(&repos), "the last writer's turn ended with it");
    // A reader does not queue.
    let read = repos.tenant_read(tenant).await.unwrap();
    assert!(!queued(&repos));
    drop(read);
}
