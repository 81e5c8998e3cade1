//! The login session: the access token lives only in memory. On page load it
//! is restored by `POST /auth/refresh {}`, which uses the http-only
//! `rl_refresh` cookie; it is refreshed again shortly before it expires.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::{MeView, PrincipalKind, SessionView};
use std::time::Duration;

/// The page that brings its own refresh token (in the URL fragment): the
/// cookie restore must not race it, refresh tokens being single-use.
pub const HANDOFF_PATH: &str = "/auth/handoff";

/// Refresh this many seconds before the access token expires.
const REFRESH_MARGIN_SECS: u64 = 30;

/// Whether someone is logged in, as far as the UI needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthState {
    /// The page-load restore has not answered yet.
    Pending,
    /// Nobody is logged in.
    Anonymous,
    /// A principal of this kind is logged in.
    SignedIn(PrincipalKind),
}

/// Handle to the session state (cheap to copy).
#[derive(Debug, Clone, Copy)]
pub struct Session {
    current: RwSignal<Option<SessionView>>,
    restored: RwSignal<bool>,
    /// Bumped on every change, so a stale refresh timer does nothing.
    generation: StoredValue<u64>,
    state: Memo<AuthState>,
}

/// The session provided by the app root.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

impl Session {
    /// Creates the session, provides it as context and starts the page-load
    /// restore (except on the hand-off page, which brings its own token).
    pub fn provide() -> Self {
        let current = RwSignal::new(None::<SessionView>);
        let restored = RwSignal::new(false);
        let state = Memo::new(move |_| {
            if !restored.get() {
                AuthState::Pending
            } else {
                current.with(|s| {
                    s.as_ref()
                        .map_or(AuthState::Anonymous, |s| AuthState::SignedIn(s.me.kind))
                })
            }
        });
        let session = Self {
            current,
            restored,
            generation: StoredValue::new(0),
            state,
        };
        provide_context(session);
        let on_handoff = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .is_some_and(|p| p == HANDOFF_PATH);
        if on_handoff {
            restored.set(true);
        } else {
            spawn_local(async move {
                if let Ok(s) = api::refresh(None).await {
                    session.set(s);
                }
                restored.set(true);
            });
        }
        session
    }

    /// Who is logged in (tracked).
    pub fn state(self) -> AuthState {
        self.state.get()
    }

    /// Whether a reseller's staff member is signed in (tracked): the console
    /// then hides what only the operator may do (plans, bundles, destination
    /// groups, switch keys) and offers what only a reseller has (its own
    /// decks' selling prices, `/console/pricing`).
    pub fn is_reseller(self) -> bool {
        self.state() == AuthState::SignedIn(PrincipalKind::Reseller)
    }

    /// The logged-in user (tracked).
    pub fn me(self) -> Option<MeView> {
        self.current.with(|s| s.as_ref().map(|s| s.me.clone()))
    }

    /// Whether the signed-in staff member's role holds `p` (the console
    /// hides what it does not; the server refuses it anyway).
    pub fn can(self, p: ringledger_shared::access::Permission) -> bool {
        self.current
            .with(|s| s.as_ref().is_some_and(|s| s.me.permissions.contains(&p)))
    }

    /// The current access token, without tracking (tokens rotate; reading
    /// them should not re-run views).
    pub fn token(self) -> Option<String> {
        self.current
            .with_untracked(|s| s.as_ref().map(|s| s.access_token.clone()))
    }

    /// Stores a new session and schedules its refresh.
    pub fn set(self, session: SessionView) {
        let generation = self.bump();
        let wait = session
            .expires_in
            .saturating_sub(REFRESH_MARGIN_SECS)
            .max(REFRESH_MARGIN_SECS);
        self.current.set(Some(session));
        self.restored.set(true);
        set_timeout(
            move || {
                if self.generation.get_value() != generation {
                    return;
                }
                spawn_local(async move {
                    match api::refresh(None).await {
                        Ok(s) if self.generation.get_value() == generation => self.set(s),
                        Ok(_) => {}
                        Err(_) => self.clear(),
                    }
                });
            },
            Duration::from_secs(wait),
        );
    }

    /// Forgets the session (after log-out or when it cannot be refreshed).
    pub fn clear(self) {
        self.bump();
        self.current.set(None);
    }

    /// Logs out on the server (revoking the cookie's refresh token), then
    /// forgets the session.
    pub async fn log_out(self) {
        let _ = api::logout().await;
        self.clear();
    }

    fn bump(self) -> u64 {
        self.generation.update_value(|g| *g += 1);
        self.generation.get_value()
    }
}
